// Not-ready reasons and care for the agent end to end, in Chromium with real agents on the rig: bob runs Carefront
// as team lead, alice as an agent, dave as a caller, all with a test reasons file whose lunch limit is three
// seconds. alice goes to lunch: bob's board shows the reason with its running timer and limit, and bob is alerted
// once the limit passes. Then a call whose wrap-up flags an abusive caller: alice's desk offers a short reset, taken
// with one key; bob's board shows the reset and one hard call in a row, and bob is told (no caller in any of it).
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
let dir: string;
const apps: Record<'alice' | 'bob' | 'dave', AppProcess> = {} as never;

test.beforeAll(async () => {
  kam = await Kamailio.create();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-not-ready-'));
  const teamFile = path.join(dir, 'team.json');
  const reasonsFile = path.join(dir, 'reasons.json');
  fs.writeFileSync(teamFile, JSON.stringify({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }));
  fs.writeFileSync(
    reasonsFile,
    JSON.stringify({
      reasons: [{ id: 'break', limitMinutes: 15 }, { id: 'lunch', limitMinutes: 0.05 }, { id: 'afterDifficultCall', limitMinutes: 5 }, { id: 'meeting' }],
    }),
  );
  const common = ['--team', teamFile, '--not-ready-reasons', reasonsFile];
  apps.alice = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl, 'Alice Agent'), ...common], 30);
  apps.bob = await startApp(['--sip-account', writeAccountFile('bob', kam.wsUrl, 'Bob Lead'), ...common, '--role', 'teamLead'], 30);
  apps.dave = await startApp(['--sip-account', writeAccountFile('dave', kam.wsUrl, 'Dave Caller'), ...common], 30);
});

test.afterAll(async () => {
  for (const a of Object.values(apps)) await a.stop();
  await ifSetUp(kam, (k) => k.dispose());
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page, app: AppProcess) {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
}

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

test("a not-ready reason with its timer reaches the lead's board, and the lead is alerted when its limit passes; a hard call offers a reset", async ({
  browser,
}) => {
  const [alice, bob, dave] = await Promise.all([0, 1, 2].map(async () => (await browser.newContext({ permissions: ['microphone'] })).newPage()));
  await open(bob!, apps.bob);
  await open(alice!, apps.alice);
  await open(dave!, apps.dave);
  const row = bob!.locator('[data-testid="board-row"][data-agent="alice"]');
  const status = alice!.getByLabel('My status');

  // alice goes to lunch: the reason, its running timer and the lead's limit on bob's board.
  await status.selectOption({ label: 'Not ready: Lunch' });
  await expect(status).toHaveValue('break:lunch');
  await expect(row).toHaveAttribute('data-state', 'break');
  await expect(row).toHaveAttribute('data-not-ready', 'lunch');
  await expect(row.getByTestId('not-ready-reason')).toHaveText('Lunch');
  await expect(row.getByTestId('time-in-state')).toHaveText(/^0:0\d$/);
  // The limit passes (three seconds in this reasons file): the row says so and bob is alerted.
  const alert = bob!.locator('[data-testid="alert"][data-kind="notReadyLimit"]');
  await expect(alert).toHaveAttribute('data-agent', 'alice', { timeout: 10_000 });
  await expect(alert).toContainText('Not ready too long');
  await expect(alert).toContainText('Alice Agent has been not ready (Lunch) for longer than 0:03.');
  await expect(row.getByTestId('not-ready-limit')).toHaveAttribute('data-over', 'true');
  expect(await axeViolations(bob!)).toEqual([]);

  // A call with an abusive caller: the wrap-up flags it; alice's desk offers the reset, taken with one key.
  await status.selectOption('available');
  await expect(row).toHaveAttribute('data-state', 'available');
  await dave!.getByPlaceholder('Number to dial').fill('alice');
  await dave!.getByRole('button', { name: 'Call', exact: true }).click();
  await alice!.getByRole('button', { name: 'Answer' }).click();
  await expect(alice!.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await dave!.getByRole('button', { name: 'Hang up' }).click();
  await expect(row).toHaveAttribute('data-state', 'wrapUp');
  await alice!.locator('#wrap-up-disposition').selectOption('resolved');
  await alice!.getByLabel('The caller was abusive').check();
  await alice!.locator('#wrap-up-notes').press('Control+Enter');
  const offer = alice!.getByTestId('reset-offer');
  await expect(offer).toContainText('That was a hard call');
  await expect(offer.getByRole('button', { name: 'Take a reset' })).toBeFocused();
  expect(await axeViolations(alice!)).toEqual([]);
  await alice!.keyboard.press('Enter');
  await expect(offer).toHaveCount(0);
  await expect(status).toHaveValue('break:afterDifficultCall');

  // bob's board: the reset with its limit, one hard call in a row; bob is told what made it hard, nothing of the caller.
  await expect(row).toHaveAttribute('data-not-ready', 'afterDifficultCall');
  await expect(row.getByTestId('not-ready-limit')).toHaveText('limit 5:00');
  await expect(row.getByTestId('hard-calls')).toHaveAttribute('data-count', '1');
  const told = bob!.locator('[data-testid="alert"][data-kind="hardCall"]');
  await expect(told).toContainText('Alice Agent had a hard call (abusive caller). Hard calls in a row: 1.');
  expect(await told.textContent()).not.toMatch(/dave|Dave/);

  // The time in each reason, per agent and for the team (lunch is over; the reset is still running).
  const times = bob!.getByTestId('not-ready-times');
  await expect(async () => {
    await bob!.reload();
    await expect(times.getByTestId('not-ready-times-row')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(times.getByRole('columnheader', { name: 'Lunch' })).toBeVisible();
  await expect(times.getByTestId('not-ready-times-team')).toContainText('Whole team');

  // In Arabic, right to left: the reason's label and the hard-call column, still axe-clean.
  await bob!.getByLabel('Language').selectOption('ar');
  await expect(bob!.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(row.getByTestId('not-ready-reason')).toHaveText('استراحة قصيرة بعد مكالمة صعبة');
  await expect(bob!.getByRole('columnheader', { name: 'مكالمات صعبة متتالية' })).toBeVisible();
  expect(await axeViolations(bob!)).toEqual([]);
  await bob!.getByLabel('اللغة').selectOption('en');
  for (const p of [alice, bob, dave]) await p!.context().close();
});
