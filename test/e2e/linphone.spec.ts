// The agent's desktop in real Chromium (WebRTC through rtpengine) with an independent SIP phone,
// Debian's linphonec (default settings, GRUU on): call out, keypad digits, hold/resume, hang-up.
// Chromium sends each DTMF digit's RFC 4733 end packet three times with the same timestamp, as RFC
// 4733 allows; linphone must receive "1234*#" as exactly those six digits.
import { expect, test } from '@playwright/test';
import { Kamailio, Linphone } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
let bob: Linphone;
let app: AppProcess;

test.beforeAll(async () => {
  kam = await Kamailio.create({ rtpengine: true });
  bob = await Linphone.create(kam, 'bob');
  app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent')], 10);
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(bob, (b) => b.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

test('a call to linphone: audio, keypad digits counted once each, hold and resume, hang-up', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });

  const mark = bob.log.length;
  await page.getByPlaceholder('Number to dial').fill('bob');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
  await bob.expect(/Call \d+ with "Alice Agent" <sip:alice@127\.0\.0\.1> connected|Call \d+ with .*alice.* connected/, 10_000, mark);
  await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });

  await page.getByPlaceholder('Keypad digits').fill('1234*#');
  await page.getByPlaceholder('Keypad digits').press('Enter');
  await bob.expect(/Receiving tone #/, 15_000, mark);
  await page.waitForTimeout(1000);
  const digits = [...bob.log.slice(mark).matchAll(/Receiving tone (.) from/g)].map((m) => m[1]).join('');
  expect(digits).toBe('1234*#');

  const held = bob.log.length;
  await page.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'held', { timeout: 10_000 });
  await bob.expect(/Call \d+ has been paused by/, 10_000, held);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });

  const end = bob.log.length;
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('call')).toHaveCount(0);
  await bob.expect(/Call \d+ with .* ended/, 10_000, end);
});
