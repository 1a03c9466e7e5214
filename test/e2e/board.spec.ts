// Team-lead mode end to end, in Chromium with real agents on the rig: bob runs Carefront as team lead
// (--role teamLead), alice as an agent, dave as a caller, each its own app registered to Kamailio.
// alice's state and call reach bob's board through presence and the dialog event package; her
// escalation raises an alert on bob's desktop; bob listens in and then whispers from the board, and
// alice's workspace says so; the alert is acknowledged and resolved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Kamailio } from '../rig/rig';
import { writeAccountFile } from './patient-caller';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let kam: Kamailio;
let teamFile: string;
const apps: Record<'alice' | 'bob' | 'dave', AppProcess> = {} as never;

test.beforeAll(async () => {
  kam = await Kamailio.create();
  teamFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-team-')), 'team.json');
  fs.writeFileSync(
    teamFile,
    JSON.stringify({
      name: 'Rig team',
      leads: ['bob'],
      members: [
        { agent: 'alice', name: 'Alice Agent' },
        { agent: 'carol', name: 'Carol Nurse' },
      ],
    }),
  );
  apps.alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent'), '--team', teamFile], 30);
  apps.bob = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 30);
  apps.dave = await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller'), '--team', teamFile], 30);
});

test.afterAll(async () => {
  for (const a of Object.values(apps)) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
});

async function open(page: Page, app: AppProcess) {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
}

test('the lead sees agents live, gets the escalation alert, listens in and whispers from the board', async ({ browser }) => {
  const [alice, bob, dave] = await Promise.all([0, 1, 2].map(async () => (await browser.newContext({ permissions: ['microphone'] })).newPage()));
  await open(bob!, apps.bob);
  await open(alice!, apps.alice);
  await open(dave!, apps.dave);

  const row = bob!.locator('[data-testid="board-row"][data-agent="alice"]');
  await expect(bob!.getByRole('heading', { name: 'Team: Rig team' })).toBeVisible();
  await expect(bob!.getByTestId('board-row')).toHaveCount(2);
  await alice!.getByLabel('My status').selectOption('available');
  await expect(row).toHaveAttribute('data-state', 'available');
  await expect(bob!.getByTestId('count-available')).toContainText('1');

  // A call: the board shows alice on a call with its duration running.
  await dave!.getByPlaceholder('Number to dial').fill('alice');
  await dave!.getByRole('button', { name: 'Call', exact: true }).click();
  await alice!.getByRole('button', { name: 'Answer' }).click();
  await expect(alice!.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await expect(row).toHaveAttribute('data-state', 'onCall');
  await expect(row.getByTestId('call-duration')).toHaveText(/^\d+:\d{2}$/);

  // The escalation button notifies the lead: an alert, and the flag on the row.
  const callId = (await alice!.getByTestId('call').getAttribute('data-call-id'))!;
  const escalation = alice!.getByTestId('escalation');
  await escalation.getByRole('button', { name: 'Supervisor' }).click();
  await escalation.getByLabel('Why').selectOption('complaint');
  await escalation.getByRole('button', { name: 'Escalate to Supervisor' }).click();
  const alert = bob!.locator('[data-testid="alert"][data-kind="escalation"]');
  // The alert says which call: alice's call, by its short id and the time it started (no patient data).
  await expect(alert).toHaveAttribute('data-call', callId);
  await expect(alert).toHaveAttribute('data-agent', 'alice');
  await expect(alert).toContainText(
    new RegExp(`Alice Agent escalated call ${callId.slice(0, 8)} \\(started \\d{1,2}:\\d{2}( [AP]M)?\\) to Supervisor: A complaint\\.`),
  );
  await expect(row.getByTestId('escalation')).toHaveText('Supervisor');
  await expect(alice!.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 10_000 }); // nobody answered: back with the caller
  await expect(alert.getByTestId('alert-outcome')).toHaveAttribute('data-outcome', 'unanswered'); // and the lead is told it did not happen

  // Listen in from the board: alice's desktop accepts (bob is a lead), and her workspace says so.
  await row.getByRole('button', { name: 'Listen: Alice Agent' }).click();
  await expect(bob!.getByTestId('monitor-session')).toHaveAttribute('data-mode', 'listen');
  // The lead hears the call: audio arrives on the monitoring leg (mixed by alice's page, WebRTC both ways).
  await expect(bob!.getByTestId('monitor-audio')).toHaveAttribute('data-audio', 'flowing', { timeout: 10_000 });
  await expect(alice!.getByTestId('monitor-notice')).toContainText('is listening to this call');
  await bob!.getByRole('button', { name: 'Switch to Whisper' }).click();
  await expect(bob!.getByTestId('monitor-session')).toHaveAttribute('data-mode', 'whisper');
  await expect(alice!.getByTestId('monitor-notice')).toContainText('only you can hear them');
  await expect(dave!.getByTestId('audio')).toHaveAttribute('data-audio', 'flowing'); // the caller still hears alice
  // The caller's workspace shows one plain call, nothing about the lead.
  await expect(dave!.getByTestId('call')).toHaveCount(1);
  await expect(dave!.getByTestId('monitor-notice')).toHaveCount(0);
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's pictures of the lead's desk.
  if (process.env.CAREFRONT_SCREENSHOTS) await bob!.screenshot({ path: 'docs/screenshot-team-lead.png', fullPage: true });
  const axe = await new AxeBuilder({ page: bob! }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await bob!.getByRole('button', { name: 'Leave the call' }).click();
  await expect(bob!.getByTestId('monitor-session')).toHaveCount(0);
  await expect(alice!.getByTestId('monitor-notice')).toHaveCount(0);

  // Acknowledge, then resolve the alert.
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toHaveAttribute('data-status', 'acknowledged');
  await alert.getByRole('button', { name: 'Resolve' }).click();
  await expect(bob!.locator('[data-testid="alert"][data-kind="escalation"]')).toHaveCount(0);

  // The call ends: alice is in wrap-up on the board, the call and the flag gone.
  await dave!.getByRole('button', { name: 'Hang up' }).click();
  await expect(row).toHaveAttribute('data-state', 'wrapUp');
  await expect(row.getByTestId('call-duration')).toHaveText('');
  await expect(row.getByTestId('escalation')).toHaveText('');
  // alice wraps up the escalated call (handed on to the supervisor): the page does not name the call, main does.
  await alice!.locator('#wrap-up-disposition').selectOption('escalated');
  await alice!.locator('#wrap-up-notes').press('Control+Enter');
  await expect(alice!.locator('#agent-status')).toHaveValue('available');
  // alice's desktop sent the contact's figures to bob (SIP MESSAGE): bob's team KPIs count it.
  const kpis = bob!.getByTestId('kpis');
  await expect(async () => {
    await kpis.getByRole('button', { name: 'Refresh' }).click();
    await expect(kpis.getByTestId('kpi-volume')).toHaveText('Offered: 1 · handled: 1 · abandoned: 0', { timeout: 1000 });
    // The wrap-up joined the escalated call: first-contact resolution is a number (handed on: 0 %), not "—".
    await expect(kpis.getByTestId('kpi-fcrPct').locator('strong')).toHaveText('0%', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // By agent: the team file's name, not the SIP user.
  const byAgent = kpis.getByRole('img', { name: 'By agent' });
  await expect(byAgent).toContainText('Alice Agent');
  expect(await byAgent.textContent()).not.toMatch(/\balice\b/);
  if (process.env.CAREFRONT_SCREENSHOTS) await kpis.screenshot({ path: 'docs/screenshot-team-kpis.png' });
  for (const p of [alice, bob, dave]) await p!.context().close();
});
