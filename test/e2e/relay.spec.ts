// A workspace in real Chromium (fake microphone, WebRTC) and a real plain-RTP SIP phone (baresip):
// Kamailio routes the media through rtpengine, which bridges DTLS-SRTP/ICE and RTP/AVP. Audio must
// flow both ways, for a call out and a call in.
import { expect, test } from '@playwright/test';
import { Baresip, Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
let bob: Baresip;
let app: AppProcess;

test.beforeAll(async () => {
  kam = await Kamailio.create({ rtpengine: true });
  bob = await Baresip.create(kam, 'bob');
  app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent')], 10);
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(bob, (b) => b.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

test('calls to and from a plain-RTP phone carry audio through the media relay', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });

  await page.getByPlaceholder('Number to dial').fill('bob');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByTestId('call'))
    .toHaveAttribute('data-state', 'active', { timeout: 10_000 })
    .catch((e: unknown) => {
      // The rig's own logs (no patient data) make a failure here diagnosable from CI output.
      console.log('kamailio/rtpengine:', kam.log.slice(-3000), '\nbaresip:', bob.log.slice(-2000));
      throw e;
    });
  await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('call')).toHaveCount(0);

  await bob.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await page.keyboard.press('Alt+A');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await bob.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
});
