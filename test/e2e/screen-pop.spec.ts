// The screen pop: a real phone whose caller ID is a patient's number on file calls the workspace;
// before the agent answers, the patient pane shows who it is (looked up in the encrypted store),
// with the protected sections masked.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { generateResources } from '../../electron/cache';
import { Baresip, Kamailio, RIG_USERS } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';

let kam: Kamailio;
let caller: Baresip;
let app: AppProcess;
let patientName = '';

test.beforeAll(async () => {
  // The first synthetic patient of the demo store (same seed, same day as the app's own seeding).
  const first = [...generateResources({ patients: 1, today: new Date().toISOString().slice(0, 10) })].find((r) => (r as { resourceType: string }).resourceType === 'Patient') as unknown as {
    name: { given: string[]; family: string }[];
    telecom: { value: string }[];
  };
  patientName = `${first.name[0]!.given.join(' ')} ${first.name[0]!.family}`;
  const digits = parsePhoneNumberFromString(first.telecom[0]!.value, 'US')!.number.slice(1); // E.164 without '+'
  kam = await Kamailio.create({ extraUsers: { [digits]: 'patient-phone-secret' } });
  caller = await Baresip.create(kam, digits, { password: 'patient-phone-secret' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-acct-')), 'account.json');
  fs.writeFileSync(file, JSON.stringify({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
  app = await startApp(['--sip-account', file], 50);
});

test.afterAll(async () => {
  await app?.stop();
  await caller?.dispose();
  await kam?.dispose();
});

test('an incoming call pops the caller from the encrypted store before the agent answers', async ({ browser }) => {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 });
  await caller.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  const pop = page.getByTestId('screen-pop');
  await expect(pop).toContainText('Incoming call from +1');
  await expect(pop).toContainText(/have this number|has this number/);
  // The patient (or, for a family phone, the choice) is there while the phone still rings.
  if ((await pop.locator('button').count()) > 0) await pop.getByRole('button', { name: patientName }).click();
  await expect(page.getByTestId('patient-view')).toContainText(patientName);
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  // The ringing call bar, the pop and the patient view are accessible too.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(pop).toHaveCount(0);
});
