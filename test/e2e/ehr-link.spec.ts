// The EHR link in the call bar, in a real Chromium against the real app over the bridge. With no FHIR
// server configured (the demo store) it says the link is not configured, in English and in Arabic
// (right-to-left). The other states are reported by the sync engine and the outbox worker, which are
// not part of the app yet: here the real status service produces what they will report, and it is
// delivered to the page on its own bridge connection, next to the real app's traffic.
import { expect, test, type WebSocketRoute } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DomainEventBus } from '../../electron/main/domain-events';
import { EhrLinkStatusService } from '../../electron/main/services/ehr-link-status';
import type { EhrLinkStatus } from '../../shared/domain/ehr-link';

const url = () => process.env.CAREFRONT_URL!;

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('with no FHIR server the demo workspace says the EHR link is not configured, in English and in Arabic (right-to-left)', async ({ page }) => {
  await page.goto(url());
  const line = page.getByRole('status').filter({ hasText: 'EHR link not configured' });
  await expect(line).toBeVisible();
  await expect(page.getByTestId('ehr-link-status')).toHaveText('○EHR link not configured');
  await expect(page.getByTestId('ehr-link')).toHaveAttribute('data-state', 'notConfigured');
  await expect(line).toHaveAttribute('aria-live', 'polite');
  // The details say what it means and that there is no server.
  await page.getByText('EHR link details').click();
  const details = page.getByTestId('ehr-link-details');
  await expect(details).toContainText('No EHR server is set up: Carefront works from its local store only.');
  await expect(details).toContainText('ServerNone configured');
  await page.getByText('EHR link details').click();

  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('status').filter({ hasText: 'لم يتم إعداد الاتصال بالسجل الصحي الإلكتروني' })).toBeVisible();
  await expect(page.getByTestId('ehr-link')).toHaveCSS('direction', 'rtl');
  await expect(page.getByRole('group', { name: 'الاتصال بالسجل الصحي الإلكتروني' })).toBeVisible();
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
});

test('the states the sync engine and the outbox worker will report: first load, synced (ticking), unreachable, the outbox', async ({ page }) => {
  // The page's bridge connection, passed through to the real app; ehr.status events are added to it.
  let bridge: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/bridge\?token=/, (ws) => {
    ws.connectToServer();
    bridge = ws;
  });
  const events = new DomainEventBus();
  events.on('sync.changed', (status: EhrLinkStatus) => bridge!.send(JSON.stringify({ kind: 'event', event: 'ehr.status', payload: status })));
  const link = new EhrLinkStatusService(events);

  await page.goto(url());
  const line = page.getByTestId('ehr-link-status');
  await expect(line).toHaveText('○EHR link not configured');

  link.configure('https://fhir.example.org/r4');
  await expect(line).toHaveText('↻Connecting to the EHR…');
  link.loadProgress({ resourcesDone: 0, filesDone: 0, filesTotal: null, serverProgress: 'Export in progress (40%)' });
  await expect(line).toHaveText('↓Loading from the EHR: the EHR is preparing the data');
  link.loadProgress({ resourcesDone: 12_345, filesDone: 3, filesTotal: 10, serverProgress: null });
  await expect(line).toHaveText('↓Loading from the EHR: 12,345 resources (3/10 files)');

  link.synced(new Date(Date.now() - 12_000).toISOString(), 'live');
  await expect(line.locator('[aria-hidden="true"]').nth(1)).toHaveText(/^Synced 1\d sec\. ago$/);
  // What is spoken names the clock time, so it is not announced anew every second.
  await expect(line.locator('.visually-hidden')).toHaveText(/^Synced at \d\d:\d\d( [AP]M)?$/);
  // It ticks.
  await expect(line.locator('[aria-hidden="true"]').nth(1)).toHaveText(/^Synced (1[5-9]|[2-5]\d) sec\. ago$/, { timeout: 5000 });

  link.outboxCounts({ waiting: 3, failed: 1, oldestWaitingSince: new Date(Date.now() - 120_000).toISOString() });
  await expect(page.getByTestId('ehr-outbox-waiting')).toHaveText('⏳ 3 changes waiting to be sent');
  await expect(page.getByTestId('ehr-outbox-failed')).toHaveText('✕ 1 change could not be sent');

  link.offline('internal');
  await expect(line.locator('[aria-hidden="true"]').nth(1)).toHaveText(/^EHR unreachable — working from the local copy \(last synced \d+ sec\. ago\)$/);
  await expect(page.getByTestId('ehr-link')).toHaveAttribute('data-state', 'offline');
  await page.getByText('EHR link details').click();
  const details = page.getByTestId('ehr-link-details');
  await expect(details).toContainText('https://fhir.example.org');
  await expect(details).not.toContainText('/r4');
  await expect(page.getByTestId('ehr-last-error')).toHaveText('Something went wrong. Nothing was lost; please try again.');
  await expect(details).toContainText('Oldest change waiting since');
  // The line, the outbox counts and the open details pass axe-core.
  const axe = await new AxeBuilder({ page }).include('[data-testid="ehr-link"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);

  // In Arabic: the same state in Arabic, numbers and times as the language writes them.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(line.locator('[aria-hidden="true"]').nth(1)).toContainText('تعذّر الوصول إلى السجل الصحي الإلكتروني — العمل من النسخة المحلية (آخر مزامنة ');
  await expect(page.getByTestId('ehr-outbox-waiting')).toContainText('تغييرات بانتظار الإرسال');
  await expect(page.getByTestId('ehr-outbox-failed')).toContainText('تعذّر إرسال تغيير واحد');
  await page.getByLabel('اللغة').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  link.stop();
});
