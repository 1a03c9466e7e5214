// Two windows of one app (browser-mode tabs): only one holds the calls' microphone and speaker. A
// window that opens takes the media of the call in progress (it renegotiates there, audio flows);
// the other lets go and says where the audio is, and "Use this window" brings it back.
import { expect, test, type Page } from '@playwright/test';
import { startPatientCallerRig, type PatientCallerRig } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

async function openWorkspace(browser: import('@playwright/test').Browser): Promise<Page> {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(rig.app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  return page;
}

test('one window holds the call audio; a new window takes it, "use this window" brings it back', async ({ browser }) => {
  const first = await openWorkspace(browser);
  await first.locator('#agent-status').selectOption('available');
  await rig.caller.command('dial', `sip:alice@127.0.0.1:${rig.kam.sipPort}`);
  await expect(first.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await first.keyboard.press('Alt+KeyA');
  await expect(first.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await expect(first.getByTestId('media-elsewhere')).toHaveCount(0);

  const second = await openWorkspace(browser);
  await expect(second.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(second.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await expect(first.getByTestId('media-elsewhere')).toBeVisible();
  await expect(first.getByTestId('audio')).toHaveAttribute('data-audio', 'silent');
  await expect(second.getByTestId('media-elsewhere')).toHaveCount(0);

  await first.getByTestId('media-elsewhere').getByRole('button').click();
  await expect(first.getByTestId('media-elsewhere')).toHaveCount(0);
  await expect(first.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await expect(second.getByTestId('media-elsewhere')).toBeVisible();
  await expect(first.getByTestId('call')).toHaveAttribute('data-state', 'active');

  await rig.caller.command('hangup');
  await expect(first.getByTestId('call')).toHaveCount(0);
  await second.context().close();
  await first.context().close();
});
