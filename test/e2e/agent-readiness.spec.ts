// The agent's state means something to callers, in Chromium with real calls on the rig: "Available"
// needs a phone that can take calls (offered only then, and the selector says why), and on a break a
// new call is turned away (480) before it rings — no ringing, no call in the call bar, no pop.
import { expect, test, type Page } from '@playwright/test';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
const apps: Record<'alice' | 'dave' | 'unconfigured', AppProcess> = {} as never;

test.beforeAll(async () => {
  kam = await Kamailio.create();
  apps.alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent')], 30);
  apps.dave = await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller')], 30);
  apps.unconfigured = await startApp([], 30);
});

test.afterAll(async () => {
  for (const a of Object.values(apps)) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

async function open(page: Page, app: AppProcess, phone = 'Phone ready'): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText(phone, { timeout: 15_000 });
}

test('with the phone offline "Available" cannot be chosen, and the status selector says why', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await open(page, apps.unconfigured, 'Phone offline');
  const status = page.getByLabel('My status');
  await expect(status).toHaveValue('offline');
  await expect(status.locator('option[value="available"]')).toBeDisabled();
  await expect(page.getByTestId('status-why')).toHaveText('Available needs the phone to be ready.');
  // A break can still be taken: not-ready states need no phone.
  await status.selectOption('break');
  await expect(status).toHaveValue('break');
  await page.context().close();
});

test('on a break a call is turned away before it rings; back to Available it rings', async ({ browser }) => {
  const alice = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  const dave = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  // Every call the main process shows alice's page, as seen on the bridge.
  const callEvents: string[] = [];
  alice.on('websocket', (ws) => ws.on('framereceived', (f) => String(f.payload).includes('"call.updated"') && callEvents.push(String(f.payload))));
  // And dave's, to know when his call has really been answered (the call bar is empty before the call starts, too).
  const daveCallEvents: string[] = [];
  dave.on('websocket', (ws) => ws.on('framereceived', (f) => String(f.payload).includes('"call.updated"') && daveCallEvents.push(String(f.payload))));
  await open(alice, apps.alice);
  await open(dave, apps.dave);
  const status = alice.getByLabel('My status');
  await expect(status.locator('option[value="available"]')).toBeEnabled();
  await status.selectOption('break');
  await expect(alice.getByTestId('status-why')).toContainText('On a break, new calls are turned away');

  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  // The caller's call is refused at once (480): it ends on dave's side, and alice never saw it. Waited
  // for as dave's call ending with the 480: an empty call bar alone also passes before the INVITE has
  // left, and on a loaded machine it then reached alice only after she was back to Available, and rang.
  await expect.poll(() => daveCallEvents.some((f) => f.includes('"endReason":"rejected 480"')), { timeout: 10_000 }).toBe(true);
  await expect(dave.getByTestId('call')).toHaveCount(0, { timeout: 10_000 });
  expect(callEvents).toEqual([]);
  await expect(alice.getByTestId('call')).toHaveCount(0);
  await expect(status).toHaveValue('break');

  await status.selectOption('available');
  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await alice.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, dave]) await page.context().close();
});
