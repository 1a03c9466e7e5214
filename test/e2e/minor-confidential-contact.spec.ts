// A minor's confidential words never reach the parent, with real calls on the rig: a teenager calls
// from home, verifies as themselves, and the agent's wrap-up note says they do not want their parents
// told. Then the father calls from his mobile (on file as the teen's RelatedPerson), verifies as the
// teen's personal representative, and does not see that contact or note in "Earlier contacts".
import { expect, test, type Page } from '@playwright/test';
import { Baresip, Kamailio } from '../rig/rig';
import { startApp, type AppProcess } from './app-process';
import { demoResources, fullName, phoneDigits } from './demo-resources';
import { writeAccountFile } from './patient-caller';
import { ifSetUp } from '../if-set-up';

const DEMO_PATIENTS = 60;
const NOTE = 'Asked about the clinic visit last month; does not want his parents told.';

/** The first teenager (12-17) of the app's demo store whose father is on file with a mobile of his own. */
const family = (() => {
  const today = new Date().toISOString().slice(0, 10);
  const demo = demoResources(DEMO_PATIENTS, today);
  const age = (birthDate: string) => Math.floor((Date.parse(today) - Date.parse(birthDate)) / (365.25 * 86_400_000));
  for (const p of demo.patients.filter((r) => age(r.birthDate!) >= 13 && age(r.birthDate!) < 17)) {
    const father = demo.relatedPeople.find(
      (x) => x.patient.reference === `Patient/${p.id}` && x.relationship![0]!.coding![0]!.code === 'FTH' && x.telecom![0]!.use === 'mobile',
    );
    if (!father) continue;
    return {
      teen: { id: p.id, name: fullName(p), birthDate: p.birthDate!, home: phoneDigits(p.telecom![0]!.value!) },
      father: { name: fullName(father), mobile: phoneDigits(father.telecom![0]!.value!), birthDate: father.birthDate! },
    };
  }
  throw new Error('no teenager with a father on file in the demo store');
})();

let kam: Kamailio;
let teenPhone: Baresip;
let fatherPhone: Baresip;
let app: AppProcess;

test.beforeAll(async () => {
  kam = await Kamailio.create({ rtpengine: true, extraUsers: { [family.teen.home]: 'teen-home-secret', [family.father.mobile]: 'father-mobile-secret' } });
  teenPhone = await Baresip.create(kam, family.teen.home, { password: 'teen-home-secret' });
  fatherPhone = await Baresip.create(kam, family.father.mobile, { password: 'father-mobile-secret' });
  app = await startApp(['--sip-account', writeAccountFile('alice', kam.wsUrl)], DEMO_PATIENTS);
});

test.afterAll(async () => {
  await ifSetUp(app, (a) => a.stop());
  await ifSetUp(teenPhone, (t) => t.dispose());
  await ifSetUp(fatherPhone, (f) => f.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

/** A real call from `phone` rings the agent, who picks the teenager on the screen pop and answers. */
async function answerCallAboutTeen(page: Page, phone: Baresip) {
  await phone.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByTestId('screen-pop')).toBeVisible({ timeout: 15_000 });
  const pick = page.getByTestId('screen-pop').getByRole('button', { name: family.teen.name });
  if ((await pick.count()) > 0) await pick.first().click();
  await expect(page.getByTestId('patient-view')).toContainText(family.teen.name);
  await page.keyboard.press('Alt+KeyA');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
}

/**
 * The verification steps (one place: the verification design changes around this test; what is
 * withheld from the parent must not). `proxy`: the name of someone calling for the patient.
 */
async function verifyCaller(page: Page, proxy: { name: string; birthDate: string } | null) {
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  if (proxy) {
    await page.locator('#verify-proxy').fill(proxy.name);
    await page.locator('form.who button').click();
    await expect(page.getByTestId('caller')).toContainText('personal representative');
    // Someone calling for the patient proves who they are on their own record too.
    await check(page, 'birthDate', proxy.birthDate, 'caller');
  }
  await check(page, 'name', family.teen.name);
  await check(page, 'birthDate', family.teen.birthDate);
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
}

async function check(page: Page, id: string, value: string, subject: 'patient' | 'caller' = 'patient') {
  const row = page.locator(`.id-row[data-identifier="${id}"][data-subject="${subject}"]`);
  await row.locator('input').fill(value);
  await row.locator('button').click();
  await expect(row).not.toHaveAttribute('data-result', 'notAsked');
}

async function hangUpAndWrapUp(page: Page, phone: Baresip, notes: string) {
  await phone.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await page.locator('#wrap-up-disposition').selectOption('resolved');
  await page.locator('#wrap-up-notes').fill(notes);
  await page.locator('#wrap-up-notes').press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Wrap-up saved.' }).first()).toBeVisible();
  await expect(page.locator('#agent-status')).toHaveValue('available');
}

test("the teenager's own call and note are withheld from the father verified as representative", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await (await browser.newContext({ permissions: ['microphone'] })).newPage();
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');

  // 1. The teenager calls from home and speaks for themselves.
  await answerCallAboutTeen(page, teenPhone);
  await verifyCaller(page, null);
  await hangUpAndWrapUp(page, teenPhone, NOTE);

  // 2. The father calls from his mobile about his child.
  await answerCallAboutTeen(page, fatherPhone);
  await verifyCaller(page, family.father);
  await expect(page.getByTestId('confidential-hidden')).toBeVisible();
  const history = page.getByTestId('patient-view').locator('[data-section="history"]');
  await expect(history).toHaveAttribute('data-masked', 'false');
  await expect(history).not.toContainText('does not want his parents told');
  await expect(history).not.toContainText('Resolved');
  await expect(page.getByTestId('patient-view')).not.toContainText('does not want his parents told');

  // The same contact is on file: the teenager on the line again hears their own note.
  await page.keyboard.press('Alt+KeyN');
  await verifyCaller(page, null);
  await expect(history).toContainText('does not want his parents told');
  await expect(history.locator('li', { hasText: 'does not want his parents told' })).toContainText('Confidential: only for the patient');
  await hangUpAndWrapUp(page, fatherPhone, 'Father asked about the next appointment.');
  await page.context().close();
});
