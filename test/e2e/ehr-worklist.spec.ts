// The team's worklist end to end, on real calls: two agents' desks (the real app, each its own process, in a real
// Chromium) registered to the rig's Kamailio and connected to the REAL test FHIR server (HAPI FHIR R4, started by the
// e2e global setup); a baresip phone registered under a demo patient's own number (the rig's rtpengine between its
// plain RTP and the browsers' WebRTC).
// - The patient calls alice, who answers and, after the call, promises a callback in the wrap-up: the desk writes the
//   Task through its outbox; carol's desk lists it, carol claims it and calls the patient with one key (Enter on the
//   item), the patient's phone really rings and answers, and carol completes the item with an outcome: the Task on the
//   server says completed.
// - The patient calls carol and gives up while it rings, then calls again and carol declines: each call becomes a
//   callback by itself (caller gave up / not answered), on her worklist without anyone writing it. Opened from a
//   search, the patient's essentials strip counts their open items and takes carol to the first.
// Nothing is written to the server by hand here: every Task is the app's own.
import fs from 'node:fs';
import type { Patient, RelatedPerson, Task } from 'fhir/r4';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ofType } from '../../electron/cache/fhir/resources';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { ifSetUp } from '../if-set-up';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { demoResources, fullName, phonesOf } from './demo-resources';
import { connectedDataDir, e2eFhir as fhir } from './e2e-fhir';
import { writeAccountFile } from './patient-caller';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine. */
const SERVER_READY_MS = 300_000;
/** A Task written through a desk's outbox, then read by a desk (its list is read again on delivery, else every 30 s). */
const ON_THE_LIST_MS = 60_000;
const DEMO_PATIENTS = 50;
const POOL_TAG = 'urn:carefront:worklist-pool|callbacks';

// The caller: the first demo patient with a number on file that is theirs alone, so the desk's pop names them.
const demo = demoResources(DEMO_PATIENTS, new Date().toISOString().slice(0, 10));
const caller = (() => {
  const owners = new Map<string, number>();
  const people = demo.all.flatMap((r) => [...ofType<Patient>([r], 'Patient'), ...ofType<RelatedPerson>([r], 'RelatedPerson')]);
  for (const r of people) for (const d of phonesOf(r)) owners.set(d, (owners.get(d) ?? 0) + 1);
  for (const p of demo.patients) {
    const digits = phonesOf(p).find((d) => owners.get(d) === 1);
    if (digits) return { name: fullName(p), digits };
  }
  throw new Error('no demo patient has a number of their own');
})();

let kam: Kamailio;
let patientPhone: Baresip;
let client: FhirClient;
const desks: { alice?: AppProcess; carol?: AppProcess } = {};
const dataDirs: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 180_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  kam = await Kamailio.create({ rtpengine: true, extraUsers: { [caller.digits]: 'patient-phone-secret' } });
  // Answered by hand: the test sees it ring, then picks it up.
  patientPhone = await Baresip.create(kam, caller.digits, { password: 'patient-phone-secret', autoAnswer: false });
  // Each desk's data folder: its store exists (the app seeds the demo patients at start), connected to the server.
  const desk = (user: 'alice' | 'carol', name: string) => {
    const dataDir = connectedDataDir('worklist', base);
    dataDirs.push(dataDir);
    return startApp(['--sip-account', writeAccountFile(user, kam.wsUrl, name)], DEMO_PATIENTS, dataDir);
  };
  desks.alice = await desk('alice', 'Alice Agent');
  desks.carol = await desk('carol', 'Carol Agent');
});

test.afterAll(async () => {
  await ifSetUp(desks.alice, (a) => a.stop());
  await ifSetUp(desks.carol, (c) => c.stop());
  await ifSetUp(patientPhone, (p) => p.dispose());
  await ifSetUp(kam, (k) => k.dispose());
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function openDesk(browser: Browser, app: AppProcess): Promise<Page> {
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');
  await expect(page.locator('.worklist h3 button')).toBeVisible({ timeout: 30_000 }); // the worklist is read: the server is set up
  return page;
}

/** The one callback Task of `origin` for the caller that the app wrote since `since`, once it is on the server. */
async function taskOnServer(origin: 'promised' | 'unanswered' | 'abandoned', since: Date, writer: Page): Promise<Task> {
  let found: Task | undefined;
  // Not there in time: what the writing desk's EHR line says (its outbox waiting or failed, the last error) goes with it.
  const deskSays = async () => `; the desk says: ${(await writer.getByTestId('ehr-link').textContent()) ?? '(no EHR line)'}`;
  await expect
    .poll(
      async () => {
        const page = await client.search<Task>('Task', { _tag: POOL_TAG, _lastUpdated: `ge${since.toISOString()}`, _count: 100 });
        const mine = page.resources.filter((t) => t.for?.display === caller.name && t.reasonCode?.coding?.[0]?.code === origin);
        found = mine[0];
        return mine.length;
      },
      { timeout: ON_THE_LIST_MS },
    )
    .toBe(1)
    .catch(async (err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}${await deskSays()}`);
    });
  return found!;
}

const dialPatient = (agent: 'alice' | 'carol') => patientPhone.command('dial', `sip:${agent}@127.0.0.1:${kam.sipPort}`);

/** The patient's phone has a call ringing at it that it did not place, `count` times so far. */
const ringsAtPatient = () => patientPhone.log.match(/incoming call/gi)?.length ?? 0;

test('a callback promised in one agent’s wrap-up is claimed, dialled with Enter and completed at another agent’s desk', async ({ browser }) => {
  test.setTimeout(180_000);
  const since = new Date(Date.now() - 1000);
  const alice = await openDesk(browser, desks.alice!);
  const carol = await openDesk(browser, desks.carol!);

  // The patient calls alice: the pop names them, alice answers; the patient hangs up.
  await dialPatient('alice');
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(alice.getByTestId('patient-view')).toContainText(caller.name);
  await alice.keyboard.press('Alt+A');
  await expect(alice.getByTestId('call')).toHaveAttribute('data-state', 'active');
  await patientPhone.command('hangup');
  await expect(alice.getByTestId('call')).toHaveCount(0);

  // Alice promises a callback tomorrow in the wrap-up.
  await expect(alice.locator('#agent-status')).toHaveValue('wrapUp');
  await alice.locator('#wrap-up-disposition').selectOption('followUpNeeded');
  const tomorrow = new Date(Date.now() + 86_400_000);
  await alice.locator('#wrap-up-follow-up').fill(new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  await alice.locator('#wrap-up-notes').fill('Will call back with the referral date.');
  await alice.locator('#wrap-up-notes').press('Control+Enter');
  await expect(alice.locator('#agent-status')).toHaveValue('available');

  // The desk wrote it to the server (its outbox), in the callbacks pool, with the number the patient called from.
  const promised = await taskOnServer('promised', since, alice);
  expect(promised.status).toBe('requested');
  expect(promised.input?.[0]?.valueString).toBe(caller.digits);
  // Alice's own list has it as soon as the outbox delivered it (no refresh by hand).
  await expect(alice.locator(`.worklist-item[data-task-id="${promised.id}"]`)).toBeVisible({ timeout: ON_THE_LIST_MS });

  // Carol's desk: the item is on her list once it is read again (she refreshes).
  const item = carol.locator(`.worklist-item[data-task-id="${promised.id}"]`);
  await expect(async () => {
    await carol.locator('.worklist h3 button').click();
    await expect(item).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: ON_THE_LIST_MS });
  await expect(item).toContainText(caller.name);
  await expect(item).toContainText(parsePhoneNumberFromString(`+${caller.digits}`)!.formatNational()); // the desk's one format
  await expect(item).toContainText('promised on a call');
  await expect(item).toContainText('Open');

  // One key: Enter on the item claims it and calls the number. The patient's phone really rings, and answers.
  const ringsBefore = ringsAtPatient();
  await item.focus();
  await carol.keyboard.press('Enter');
  await expect(carol.locator('.worklist-notice')).toHaveText('Item claimed.');
  await expect(item).toContainText('Claimed by you');
  await expect(item).toHaveAttribute('data-status', 'claimed');
  await expect(carol.getByTestId('call')).toHaveAttribute('data-state', 'dialing');
  await expect.poll(ringsAtPatient, { timeout: 15_000 }).toBeGreaterThan(ringsBefore);
  await patientPhone.command('accept');
  await expect(carol.getByTestId('call')).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
  const claimed = await client.read<Task>('Task', promised.id!);
  expect(claimed.status).toBe('in-progress');
  expect(claimed.owner?.identifier?.system).toBe('urn:carefront:agent');

  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's picture of the team worklist (on a fresh server: only this run's items).
  if (process.env.CAREFRONT_SCREENSHOTS) await carol.screenshot({ path: 'docs/screenshot-worklist.png', fullPage: true });

  await carol.keyboard.press('Alt+E');
  await expect(carol.getByTestId('call')).toHaveCount(0);
  // The call's own after-call work first (the wrap-up takes the guidance pane), then the worklist is back.
  await expect(carol.locator('#agent-status')).toHaveValue('wrapUp');
  await carol.locator('#wrap-up-disposition').selectOption('resolved');
  await carol.locator('#wrap-up-notes').press('Control+Enter');
  await expect(carol.locator('#agent-status')).toHaveValue('available');

  // Carol completes the item with the outcome: off the list, and the Task on the server says so.
  await item.getByLabel('Outcome').selectOption('reached');
  await item.getByRole('button', { name: 'Complete' }).click();
  await expect(carol.locator('.worklist-notice')).toHaveText('Item completed.');
  await expect(item).toHaveCount(0);
  const done = await client.read<Task>('Task', promised.id!);
  expect(done.status).toBe('completed');
  expect(done.businessStatus?.coding?.[0]).toMatchObject({ system: 'urn:carefront:worklist-outcome', code: 'reached' });
  for (const page of [alice, carol]) await page.context().close();
});

test('a call that rang and was not answered becomes a callback by itself: the caller gave up, or the agent declined', async ({ browser }) => {
  test.setTimeout(180_000);
  const since = new Date(Date.now() - 1000);
  const carol = await openDesk(browser, desks.carol!);

  // The patient gives up while it rings.
  await dialPatient('carol');
  await expect(carol.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await expect(carol.getByTestId('screen-pop')).toContainText(caller.name);
  await patientPhone.command('hangup');
  await expect(carol.getByTestId('call')).toHaveCount(0);
  const abandoned = await taskOnServer('abandoned', since, carol);
  expect(abandoned.input?.[0]?.valueString).toBe(caller.digits);
  const abandonedItem = carol.locator(`.worklist-item[data-task-id="${abandoned.id}"]`);
  await expect(abandonedItem).toBeVisible({ timeout: ON_THE_LIST_MS });
  await expect(abandonedItem).toContainText(caller.name);
  await expect(abandonedItem).toContainText('caller hung up while waiting');

  // The patient calls again; carol declines it.
  await dialPatient('carol');
  await expect(carol.getByTestId('call')).toHaveAttribute('data-state', 'ringing');
  await carol.keyboard.press('Alt+R');
  await expect(carol.getByTestId('call')).toHaveCount(0);
  const unanswered = await taskOnServer('unanswered', since, carol);
  const unansweredItem = carol.locator(`.worklist-item[data-task-id="${unanswered.id}"]`);
  await expect(unansweredItem).toBeVisible({ timeout: ON_THE_LIST_MS });
  await expect(unansweredItem).toContainText('call not answered');
  await expect(unansweredItem).toContainText('Open');

  // Carol opens the patient from a search: their essentials count their open items on the team's worklist and name the
  // first as the list orders them; that item takes her to it.
  await carol.locator('#search-phone').fill(caller.digits);
  await carol.locator('#search-phone').press('Enter');
  await carol.locator('.match button').first().click();
  await expect(carol.getByTestId('patient-view')).toContainText(caller.name);
  const theirs = carol.locator('.worklist-item', { hasText: caller.name });
  const tasks = carol.getByRole('region', { name: 'Patient essentials' }).locator('[data-item="tasks"]');
  await expect(tasks).toHaveAttribute('data-id', (await theirs.first().getAttribute('data-task-id'))!);
  expect(await theirs.count()).toBeGreaterThanOrEqual(2);
  await expect(tasks.locator('.essential-value > span').first()).toHaveText(String(await theirs.count()));
  await tasks.getByRole('button').click();
  await expect(theirs.first()).toBeFocused();
  await carol.context().close();
});
