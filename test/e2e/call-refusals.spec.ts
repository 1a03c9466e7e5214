// A blind transfer the far end refuses (REFER 403), in the real page: the call comes back from
// "Transferring…" to connected with Hold, Transfer and the keypad, and the call bar says what was
// refused. The caller is SIPp (scripted), the media goes through rtpengine.
import { expect, test } from '@playwright/test';
import { Kamailio, Sipp } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
let app: AppProcess;

test.beforeAll(async () => {
  kam = await Kamailio.create({ rtpengine: true });
  app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent')], 10);
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(kam, (k) => k.dispose());
});

test('a refused blind transfer leaves the call connected and tells the agent', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });

  const sipp = await Sipp.call(kam, 'caller-refuses-transfer.xml', 'alice');
  try {
    const call = page.getByTestId('call');
    await expect(call).toHaveAttribute('data-state', 'ringing', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Answer' }).click();
    await expect(call).toHaveAttribute('data-state', 'active', { timeout: 10_000 });

    await page.getByPlaceholder('Transfer to').fill('carol');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect(page.getByTestId('call-notice')).toHaveText('The transfer was refused (403). The caller is still on the line with you.', { timeout: 10_000 });
    await expect(call).toHaveAttribute('data-state', 'active');
    await expect(page.getByRole('button', { name: 'Hold', exact: true })).toBeVisible();
    await expect(page.getByPlaceholder('Keypad digits')).toBeVisible();
    await expect(page.getByPlaceholder('Transfer to')).toBeVisible();

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect(call).toHaveCount(0);
    const result = await sipp.done;
    expect(result.code, result.errors).toBe(0);
  } finally {
    await sipp.dispose();
  }
});
