// Two agents' workspaces in real Chromium, each with its own Carefront process, registered to a real
// Kamailio on loopback: one calls the other from the call bar; the call is answered in the other
// workspace; WebRTC audio (Chromium's fake microphone) flows both ways; hanging up puts the agent
// into wrap-up.
import { expect, test, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectAxeCleanInEnglishAndArabic } from './axe-both';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { probeWebAudio, webAudio } from './webaudio-probe';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
const apps: AppProcess[] = [];

const accountFile = (user: 'alice' | 'carol' | 'dave') =>
  writeAccountFile(user, kam.wsUrl, { alice: 'Alice Agent', carol: 'Carol Nurse', dave: 'Dave Caller' }[user]);

test.beforeAll(async () => {
  kam = await Kamailio.create();
  apps.push(await startApp(['--sip-account', accountFile('alice')], 30));
  apps.push(await startApp(['--sip-account', accountFile('carol')], 30));
  apps.push(await startApp(['--sip-account', accountFile('dave')], 30));
});

test.afterAll(async () => {
  for (const a of apps) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

/** alice (agent), carol (colleague) and dave (caller), each in their own browser context and app. */
async function threeWorkspaces(browser: Browser): Promise<[Page, Page, Page]> {
  const pages = await Promise.all(
    [0, 1, 2].map(async () => {
      const context = await browser.newContext({ permissions: ['microphone'] });
      await probeWebAudio(context);
      return context.newPage();
    }),
  );
  for (const [i, page] of pages.entries()) await open(page, apps[i]!);
  return pages as [Page, Page, Page];
}

/** dave calls alice, who answers and holds him, then calls carol, who answers: the start of every hand-over. */
async function callerHeldWhileAgentConsults(alice: Page, carol: Page, dave: Page): Promise<void> {
  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await alice.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'held');
  await alice.getByPlaceholder('Number to dial').fill('carol');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await carol.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call').filter({ hasText: 'carol' })).toHaveAttribute('data-state', 'active');
}

async function open(page: Page, app: AppProcess) {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
}

test('a call from the call bar to another workspace, answered, with audio flowing both ways, then wrap-up', async ({ browser }) => {
  const alice = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  const carol = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  // What main asks of alice's media, as seen on the bridge: ICE-restart offers are counted.
  const iceRestartOffers: unknown[] = [];
  alice.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const text = String(f.payload);
      if (text.includes('"op":"getDescription"') && text.includes('"iceRestart":true')) iceRestartOffers.push(text);
    }),
  );
  await open(alice, apps[0]!);
  await open(carol, apps[1]!);
  await alice.getByLabel('My status').selectOption('available');

  await alice.getByPlaceholder('Number to dial').fill('carol');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  const incoming = carol.getByTestId('call');
  await expect(incoming).toHaveAttribute('data-state', 'ringing');
  // The name is isolated (Unicode FSI … PDI) inside the sentence, so bidi text in it cannot reorder the rest.
  await expect(incoming).toContainText('Incoming call from \u2068Alice Agent\u2069 (alice)');
  await carol.getByRole('button', { name: 'Answer' }).click();

  for (const page of [alice, carol]) {
    await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
    await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  }
  await expect(alice.getByLabel('My status')).toHaveValue('onCall');
  const axe = await new AxeBuilder({ page: alice }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Empathy prompts for the moment, from the team lead's data files.
  const prompts = alice.getByTestId('prompts');
  await prompts.getByRole('button', { name: 'Saying no' }).click();
  await expect(prompts.locator('blockquote[data-moment="deniedRequest"]')).toContainText('here is what I can do');

  // The call lives in the main process: reloading the workspace keeps it, and the new page takes over the audio.
  await alice.reload();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(alice.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await alice.waitForTimeout(1500); // long enough for the indicator to go silent if carol's side had lost the audio
  await expect(carol.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  await expect(alice.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');

  // Another microphone mid-call: the call carries on with the new device.
  await alice.getByRole('button', { name: 'Phone settings' }).click();
  const mic = alice.getByLabel('Microphone');
  const deviceIds = () => mic.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  await expect.poll(async () => (await deviceIds()).length).toBeGreaterThan(0);
  const options = await deviceIds();
  await mic.selectOption(options.at(-1)!);
  await alice.getByRole('button', { name: 'Cancel' }).click();
  await alice.waitForTimeout(1500);
  await expect(carol.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');

  // A network change: ICE restarts (a re-offer with fresh credentials) and audio keeps flowing.
  const restartsBefore = iceRestartOffers.length;
  await alice.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(() => iceRestartOffers.length).toBeGreaterThan(restartsBefore);
  await alice.waitForTimeout(1500);
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(alice.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  await expect(carol.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');

  await alice.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'held');
  await alice.keyboard.press('Alt+H');
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');

  // Escalate to the supervisor: the reason is asked; nobody answers (no supervisor on this rig), so
  // the agent is back with the caller and told so: never a dead end, and never a promise that the
  // supervisor is coming.
  const escalation = alice.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Supervisor' }).click();
  await expect(escalation.getByRole('button', { name: 'Escalate to Supervisor' })).toBeDisabled();
  await escalation.getByLabel('Why').selectOption('callerRequest');
  await escalation.getByRole('button', { name: 'Escalate to Supervisor' }).click();
  await expect(alice.getByTestId('next-step')).toHaveAttribute('data-stage', 'unanswered', { timeout: 10_000 });
  await expect(alice.getByTestId('next-step')).toContainText('Supervisor did not answer. You are back with the caller.');
  await expect(alice.getByTestId('next-step')).not.toContainText('I’m bringing in my supervisor');
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 });

  await carol.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  await expect(carol.getByTestId('call')).toHaveCount(0);
  await expect(alice.getByLabel('My status')).toHaveValue('wrapUp');
  await expect(alice.getByRole('form', { name: /After-call work/ })).toBeVisible();
  await alice.getByLabel('My status').selectOption('available');
  await alice.context().close();
  await carol.context().close();
});

test('a three-way conference: the agent joins the caller and a colleague and stays on, audio on every leg', async ({ browser }) => {
  const [alice, carol, dave] = await threeWorkspaces(browser);

  await callerHeldWhileAgentConsults(alice, carol, dave);

  await expect(alice.getByTestId('conference')).toHaveCount(0);
  await alice.getByRole('button', { name: 'Join calls (three-way)' }).click();
  await expect(alice.getByTestId('call').and(alice.locator('[data-state="active"]'))).toHaveCount(2);
  // The call bar shows the conference and who is in it.
  await expect(alice.getByTestId('conference')).toHaveAttribute('data-participants', '3');
  await expect(alice.getByTestId('conference')).toContainText(/Conference: you, .*Dave Caller.*carol/);
  await alice.waitForTimeout(1500);
  for (const page of [dave, carol]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  await expect(alice.getByTestId('audio').and(alice.locator('[data-audio="flowing"]'))).toHaveCount(2);
  // The mix lives in alice's page as WebAudio nodes while the conference lasts.
  expect((await webAudio(alice)).connected).toBeGreaterThan(0);
  // The conference on the agent's screen: axe-clean in English and Arabic.
  await expectAxeCleanInEnglishAndArabic(alice);

  // The caller leaves: the conference is over (carol is still on with alice), and its nodes are gone.
  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(1);
  await expect(alice.getByTestId('conference')).toHaveCount(0);
  await expect.poll(async () => webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });
  await alice.waitForTimeout(1500); // long enough for carol's indicator to go silent had her audio gone with the mix
  await expect(carol.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  await carol.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, carol, dave]) await page.context().close();
});

test('an attended transfer: the agent consults a colleague, then hands the caller over and is free', async ({ browser }) => {
  const [alice, carol, dave] = await threeWorkspaces(browser);

  await callerHeldWhileAgentConsults(alice, carol, dave);

  await alice.getByRole('button', { name: 'Transfer the caller to this call' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  await expect(carol.getByTestId('call')).toHaveCount(1);
  await expect(carol.getByTestId('call')).toContainText('Dave Caller');
  for (const page of [dave, carol]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(carol.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, carol, dave]) await page.context().close();
});
