// A team lead's monitoring mix lives in the agent's page as WebAudio nodes, and only while it is
// needed. In Chromium with real calls on the rig (dave calls alice, bob listens in from the board),
// counted from outside the app by the WebAudio probe: each mode change replaces the mix (the previous
// mode's nodes are disconnected, not left beside the new ones), barge adds the caller's part, and when
// the lead leaves nothing of the mix is left in alice's page while her call goes on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { probeWebAudio, webAudio } from './webaudio-probe';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
const apps: Record<'alice' | 'bob' | 'dave', AppProcess> = {} as never;

test.beforeAll(async () => {
  kam = await Kamailio.create();
  const teamFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-team-')), 'team.json');
  fs.writeFileSync(teamFile, JSON.stringify({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }));
  apps.alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent'), '--team', teamFile], 30);
  apps.bob = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 30);
  apps.dave = await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller'), '--team', teamFile], 30);
});

test.afterAll(async () => {
  for (const a of Object.values(apps)) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

async function workspace(browser: Browser, app: AppProcess): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await probeWebAudio(context);
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  return page;
}

test("each mode change replaces the lead's monitoring mix in the agent's page, and leaving undoes it", async ({ browser }) => {
  test.setTimeout(60_000);
  const bob = await workspace(browser, apps.bob);
  const alice = await workspace(browser, apps.alice);
  const dave = await workspace(browser, apps.dave);

  await alice.getByLabel('My status').selectOption('available');
  await dave.getByPlaceholder('Number to dial').fill('alice');
  await dave.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByRole('button', { name: 'Answer' }).click();
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  // A plain call is no mix.
  expect(await webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });

  const row = bob.locator('[data-testid="board-row"][data-agent="alice"]');
  await expect(row).toHaveAttribute('data-state', 'onCall');
  await row.getByRole('button', { name: 'Listen: Alice Agent' }).click();
  const session = bob.getByTestId('monitor-session');
  await expect(session).toHaveAttribute('data-mode', 'listen');
  await expect(bob.getByTestId('monitor-audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await expect(alice.getByTestId('monitor-notice')).toContainText('is listening to this call');
  // alice's page mixes the caller and her microphone for the lead's leg.
  await expect.poll(async () => (await webAudio(alice)).connected).toBeGreaterThan(0);
  const listen = await webAudio(alice);
  expect(listen).toEqual({ connected: listen.created, openContexts: 1, created: listen.created });

  // Whisper: the same routing for the lead's leg, built anew; the listen mix's nodes are gone.
  await session.getByRole('button', { name: 'Switch to Whisper' }).click();
  await expect(session).toHaveAttribute('data-mode', 'whisper');
  await expect(alice.getByTestId('monitor-notice')).toContainText('only you can hear them');
  await expect.poll(async () => webAudio(alice)).toEqual({ connected: listen.connected, openContexts: 1, created: listen.created + listen.connected });
  const whisper = await webAudio(alice);

  // Barge: the caller is sent the lead too, so the mix has more nodes, and again only the new ones are connected.
  await session.getByRole('button', { name: 'Switch to Barge in' }).click();
  await expect(session).toHaveAttribute('data-mode', 'barge');
  await expect(alice.getByTestId('monitor-notice')).toContainText('has joined this call');
  await expect.poll(async () => (await webAudio(alice)).connected).toBeGreaterThan(whisper.connected);
  const barge = await webAudio(alice);
  expect(barge).toEqual({ connected: barge.created - whisper.created, openContexts: 1, created: barge.created });
  await expect(dave.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');

  // Back to listen: the caller's part of the barge mix is undone with the rest.
  await session.getByRole('button', { name: 'Switch to Listen' }).click();
  await expect(session).toHaveAttribute('data-mode', 'listen');
  await expect.poll(async () => webAudio(alice)).toEqual({ connected: listen.connected, openContexts: 1, created: barge.created + listen.connected });

  // The lead leaves: nothing of the mix is left in alice's page, and her call with the caller goes on.
  await session.getByRole('button', { name: 'Leave the call' }).click();
  await expect(session).toHaveCount(0);
  await expect(alice.getByTestId('monitor-notice')).toHaveCount(0);
  await expect.poll(async () => webAudio(alice)).toMatchObject({ connected: 0, openContexts: 0 });
  await alice.waitForTimeout(1500); // long enough for an indicator to go silent had the caller's audio gone with the mix
  for (const page of [alice, dave]) await expect(page.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing');

  await dave.getByRole('button', { name: 'Hang up' }).click();
  await expect(alice.getByTestId('call')).toHaveCount(0);
  for (const page of [alice, bob, dave]) await page.context().close();
});
