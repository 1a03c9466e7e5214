// A conference or a monitoring session whose media fails in the page is not reported as working. In
// real Chromium with real calls on the rig, the far end's browser allows no direct media (its
// RTCPeerConnections are relay-only and there is no relay server, as behind a strict firewall): the
// SIP call is answered, but the agent's page can never connect media with it.
// - The crisis counsellor answers such a call: the conference is refused by the agent's page, nothing
//   is shown as conferenced, the counsellor's leg is dropped, the caller is taken off hold, and the
//   script says what happened — never "I'm bringing a counsellor onto this call".
// - A team lead listens in from such a browser: the agent's desktop ends the leg with the reason, the
//   lead is told (the session is not shown as running), and so is the agent; the call goes on.
// The same by hand ("Join calls"): refused, the calls back as they were, the agent told.
// And mid-call: the counsellor's media works and the three are joined, then the counsellor's browser
// goes away; the agent's page reports the failed connection and the conference is undone the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expectAxeCleanInEnglishAndArabic } from './axe-both';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { probeWebAudio, webAudio } from './webaudio-probe';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
const apps: Record<'alice' | 'dave' | 'crisis' | 'bob', AppProcess> = {} as never;

test.beforeAll(async () => {
  // The default escalation targets ring "crisis" for the crisis counsellor: a desk of its own here.
  kam = await Kamailio.create({ extraUsers: { crisis: 'crisis-secret' } });
  const teamFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-team-')), 'team.json');
  fs.writeFileSync(teamFile, JSON.stringify({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }));
  const crisisAccount = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-acct-')), 'account.json');
  fs.writeFileSync(
    crisisAccount,
    JSON.stringify({ uri: 'sip:crisis@127.0.0.1', authUser: 'crisis', password: 'crisis-secret', server: kam.wsUrl, displayName: 'Crisis Line' }),
  );
  apps.alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent'), '--team', teamFile], 30);
  apps.dave = await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller'), '--team', teamFile], 30);
  apps.crisis = await startApp(['--sip-account', crisisAccount, '--team', teamFile], 30);
  apps.bob = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 30);
});

test.afterAll(async () => {
  for (const a of Object.values(apps)) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

async function workspace(browser: Browser, app: AppProcess, options: { noDirectMedia?: boolean } = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ permissions: ['microphone'] });
  await probeWebAudio(context);
  if (options.noDirectMedia) {
    // This browser may send media only through a relay, and none is configured: its peer
    // connections gather no candidates, so the other side's can never connect to them.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super({ ...config, iceTransportPolicy: 'relay' });
        }
      };
    });
  }
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  return page;
}

/** dave calls alice, who answers: audio flows both ways. */
async function daveOnTheLineWithAlice(alice: Page, dave: Page): Promise<void> {
  await alice.getByLabel('My status').selectOption('available');
  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
}

test('a crisis conference whose counsellor has no media is rolled back: the caller is back with the agent, the script and the lead say so', async ({
  browser,
}) => {
  const bob = await workspace(browser, apps.bob);
  const alice = await workspace(browser, apps.alice);
  const dave = await workspace(browser, apps.dave);
  const crisis = await workspace(browser, apps.crisis, { noDirectMedia: true });
  await daveOnTheLineWithAlice(alice, dave);

  const escalation = alice.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Crisis counsellor' }).click();
  await escalation.getByLabel('Why').selectOption('distress');
  await escalation.getByRole('button', { name: 'Escalate to Crisis counsellor' }).click();
  // While the counsellor's phone rings the agent only asks the caller to hold.
  const nextStep = alice.getByTestId('next-step');
  await expect(nextStep).toHaveAttribute('data-stage', 'calling');
  await expect(nextStep).toContainText('Please hold a moment');
  await expect(alice.getByTestId('call').filter({ hasText: 'Dave Caller' })).toHaveAttribute('data-state', 'held');
  // The escalation under way, on the agent's screen: axe-clean in English and Arabic.
  await expectAxeCleanInEnglishAndArabic(alice);

  await crisis.getByRole('button', { name: 'Answer' }).click();
  await expect(crisis.getByTestId('call')).toHaveAttribute('data-state', 'active');

  // The agent's page cannot connect media with the counsellor: the conference fails, it is not faked.
  await expect(nextStep).toHaveAttribute('data-stage', 'mediaFailed', { timeout: 20_000 });
  await expect(nextStep).toContainText('the conference had no audio');
  await expect(nextStep).not.toContainText('I’m bringing a counsellor onto this call');
  await expect(alice.getByTestId('conference')).toHaveCount(0);
  // The fall-back the agent is given: axe-clean in English and Arabic.
  await expectAxeCleanInEnglishAndArabic(alice);
  // The counsellor's leg was dropped; the caller is off hold, with the agent, audio flowing both ways.
  await expect(crisis.getByTestId('call')).toHaveCount(0, { timeout: 10_000 });
  await expect(alice.getByTestId('call')).toHaveCount(1);
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(dave.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await alice.waitForTimeout(1500); // long enough for an indicator to go silent if the caller had lost the agent
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  // Nothing of a mix is left running in the agent's page.
  expect(await webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });
  // The team lead's alert for this escalation says it did not happen.
  const alert = bob.locator('[data-testid="alert"][data-kind="escalation"]');
  await expect(alert).toContainText(/Alice Agent escalated call \w{8} \(started [^)]+\) to Crisis counsellor/);
  await expect(alert.getByTestId('alert-outcome')).toHaveAttribute('data-outcome', 'mediaFailed');
  await expect(alert.getByTestId('alert-outcome')).toContainText('the conference had no audio');
  await alert.getByRole('button', { name: 'Resolve' }).click();

  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, dave, crisis, bob]) await page.context().close();
});

test('joining the calls by hand with a colleague who has no media is refused: nothing joined, the caller back on hold, the agent told', async ({ browser }) => {
  const alice = await workspace(browser, apps.alice);
  const dave = await workspace(browser, apps.dave);
  const colleague = await workspace(browser, apps.crisis, { noDirectMedia: true });
  await daveOnTheLineWithAlice(alice, dave);
  await alice.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'held');
  await alice.getByPlaceholder('Number to dial').fill('crisis');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await colleague.getByRole('button', { name: 'Answer' }).click();
  await expect(alice.getByTestId('call').filter({ hasText: 'crisis' })).toHaveAttribute('data-state', 'active');

  await alice.getByRole('button', { name: 'Join calls (three-way)' }).click();
  await expect(alice.getByRole('alert').filter({ hasText: 'The call audio could not be joined, so nothing was changed.' })).toBeVisible({ timeout: 20_000 });
  await expect(alice.getByTestId('conference')).toHaveCount(0);
  // As before the attempt: the caller on hold, the colleague on the line, both calls still up.
  await expect(alice.getByTestId('call').filter({ hasText: 'Dave Caller' })).toHaveAttribute('data-state', 'held');
  await expect(alice.getByTestId('call').filter({ hasText: 'crisis' })).toHaveAttribute('data-state', 'active');
  expect(await webAudio(alice)).toMatchObject({ connected: 0 });

  await alice.getByTestId('call').filter({ hasText: 'crisis' }).getByRole('button', { name: 'Hang up' }).click();
  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, dave, colleague]) await page.context().close();
});

test("a crisis conference that loses the counsellor's media mid-call is undone and falls back: the caller is back with the agent", async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await workspace(browser, apps.alice);
  const dave = await workspace(browser, apps.dave);
  const crisis = await workspace(browser, apps.crisis);
  await daveOnTheLineWithAlice(alice, dave);

  const escalation = alice.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Crisis counsellor' }).click();
  await escalation.getByLabel('Why').selectOption('distress');
  await escalation.getByRole('button', { name: 'Escalate to Crisis counsellor' }).click();
  await crisis.getByRole('button', { name: 'Answer' }).click();
  // This time the media connects: all three are joined, and the call bar shows it.
  const nextStep = alice.getByTestId('next-step');
  await expect(nextStep).toHaveAttribute('data-stage', 'conferenced', { timeout: 15_000 });
  await expect(nextStep).toContainText('I’m bringing a counsellor onto this call right now');
  await expect(alice.getByTestId('conference')).toContainText(/Conference: you, .*Dave Caller.*crisis/);
  expect((await webAudio(alice)).connected).toBeGreaterThan(0);

  // The counsellor's browser goes away (closed, crashed): their SIP call stays up in their desktop's
  // main process, but no media flows. The agent's page sees the connection fail (ICE gives up after
  // its consent checks go unanswered) and reports it; main undoes the conference and falls back.
  await crisis.context().close();
  await expect(alice.getByTestId('media-failed')).toHaveAttribute('data-during', 'conference', { timeout: 45_000 });
  await expect(alice.getByTestId('media-failed')).toContainText('The conference lost its audio and was undone');
  await expect(nextStep).toHaveAttribute('data-stage', 'mediaFailed');
  await expect(alice.getByTestId('conference')).toHaveCount(0);
  await expect(alice.getByTestId('call')).toHaveCount(1, { timeout: 10_000 });
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await alice.waitForTimeout(1500);
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  expect(await webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });

  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, dave]) await page.context().close();
});

test('a lead listening in from a browser with no media is told the session failed; the agent is told; the call goes on', async ({ browser }) => {
  const bob = await workspace(browser, apps.bob, { noDirectMedia: true });
  const alice = await workspace(browser, apps.alice);
  const dave = await workspace(browser, apps.dave);
  await daveOnTheLineWithAlice(alice, dave);

  const row = bob.locator('[data-testid="board-row"][data-agent="alice"]');
  await expect(row).toHaveAttribute('data-state', 'onCall');
  await row.getByRole('button', { name: 'Listen: Alice Agent' }).click();
  // The agent's desktop answers, cannot mix audio for the lead, and ends the leg saying why.
  await expect(bob.getByTestId('media-failed')).toHaveAttribute('data-during', 'monitor', { timeout: 20_000 });
  await expect(bob.getByTestId('media-failed')).toContainText('The monitoring session had no audio and was ended.');
  await expect(bob.getByTestId('monitor-session')).toHaveCount(0);
  await expect(alice.getByTestId('media-failed')).toHaveAttribute('data-during', 'monitor');
  await expect(alice.getByTestId('monitor-notice')).toHaveCount(0);
  // The caller's call is untouched.
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await alice.waitForTimeout(1500);
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');
  expect(await webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });

  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, dave, bob]) await page.context().close();
});
