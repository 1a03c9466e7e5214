// The identity checklist in the real workspace: protected sections stay masked until two identifiers
// match (checked in main), then open for the agent's role; mismatches and red flags recommend the
// privacy officer. In English and in Arabic.
import { expect, test, type Page } from '@playwright/test';
import { generateResources } from '../../electron/cache';

const url = () => process.env.CAREFRONT_URL!;
const first = [...generateResources({ patients: 1, today: new Date().toISOString().slice(0, 10) })].find((r) => (r as { resourceType: string }).resourceType === 'Patient') as unknown as {
  birthDate: string;
};

async function openFirstPatient(page: Page, mrnLabel: string, modeLabel: string, searchLabel: string) {
  await page.getByText(modeLabel, { exact: true }).click();
  await page.getByLabel(mrnLabel).fill('MRN00000001');
  await page.getByRole('button', { name: searchLabel }).click();
  await page.locator('.match button').first().click();
  await expect(page.getByTestId('verification')).toBeVisible();
  // A different caller from the one before (no call here to end the last check): start over.
  await page.getByTestId('verification').getByRole('button').last().click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
}

test('two matching identifiers unlock what the front desk needs; billing stays masked', async ({ page }) => {
  await page.goto(url());
  await openFirstPatient(page, 'Medical record number', 'MRN', 'Search');
  const view = page.getByTestId('patient-view');
  await expect(view.locator('[data-masked="false"]')).toHaveCount(0);
  await page.getByLabel('Medical record number', { exact: true }).nth(1).fill('mrn00000001');
  await page.locator('[data-identifier="mrn"] button').click();
  await expect(page.locator('[data-identifier="mrn"]')).toHaveAttribute('data-result', 'match');
  await page.locator('#verify-birthDate').fill(first.birthDate);
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(view.locator('[data-section="appointments"]')).toHaveAttribute('data-masked', 'false');
  await expect(view.locator('[data-section="demographics"]')).toContainText('MRN00000001');
  await expect(view.locator('[data-section="billing"]')).toHaveAttribute('data-masked', 'true');
});

test('in Arabic: mismatches fail the check and the privacy officer is recommended', async ({ page }) => {
  await page.goto(url());
  await page.getByLabel('Language').selectOption('ar');
  await openFirstPatient(page, 'رقم الملف الطبي', 'رقم الملف', 'بحث');
  await page.locator('#verify-name').fill('شخص آخر');
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill('1901-01-01');
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('recommend-privacy-officer')).toContainText('مسؤول الخصوصية');
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
  await page.getByLabel('اللغة').selectOption('en');
});

test('someone calling for the patient who is not on file is refused, with the privacy officer recommended', async ({ page }) => {
  await page.goto(url());
  await openFirstPatient(page, 'Medical record number', 'MRN', 'Search');
  await page.getByLabel('Someone calling for the patient? Their name').fill('Totally Unknown Person');
  await page.locator('form.who button').click();
  await expect(page.getByTestId('caller')).toContainText('Not on file as acting for this patient');
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('recommend-privacy-officer')).toBeVisible();
  await expect(page.getByTestId('patient-view').locator('[data-masked="false"]')).toHaveCount(0);
});

// The first synthetic teenager (12-17) of the shared app's demo store, with a parent on file and a
// visit labelled sensitive (FHIR meta.security).
const teen = (() => {
  const today = new Date().toISOString().slice(0, 10);
  const all = [...generateResources({ patients: 300, today })] as unknown as { resourceType: string; id: string; [k: string]: any }[];
  const age = (birthDate: string) => Math.floor((Date.parse(today) - Date.parse(birthDate)) / (365.25 * 86_400_000));
  const patient = all.find((r) => r.resourceType === 'Patient' && age(r.birthDate) >= 12 && age(r.birthDate) < 18 && all.some((x) => x.resourceType === 'RelatedPerson' && x.patient.reference === `Patient/${r.id}`))!;
  const parent = all.find((x) => x.resourceType === 'RelatedPerson' && x.patient.reference === `Patient/${patient.id}`)!;
  const sensitive = all.find((x) => x.resourceType === 'Encounter' && x.subject.reference === `Patient/${patient.id}` && x.meta?.security)!;
  return {
    mrn: patient.identifier[0].value as string,
    name: `${patient.name[0].given.join(' ')} ${patient.name[0].family}`,
    birthDate: patient.birthDate as string,
    parent: `${parent.name[0].given.join(' ')} ${parent.name[0].family}`,
    sensitiveVisit: sensitive.reasonCode[0].text as string,
  };
})();

test("a parent of a teenager needs no consent, but the teenager's sensitive visit stays hidden from them", async ({ page }) => {
  await page.goto(url());
  await page.getByText('MRN', { exact: true }).click();
  await page.getByLabel('Medical record number').fill(teen.mrn);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.match button').first().click();
  await page.keyboard.press('Alt+KeyN'); // a new caller on the line
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'unverified');
  await page.getByLabel('Someone calling for the patient? Their name').fill(teen.parent);
  await page.locator('form.who button').click();
  await expect(page.getByTestId('caller')).toContainText('personal representative');
  await expect(page.getByTestId('confidential-hidden')).toBeVisible();
  await page.locator('#verify-name').fill(teen.name);
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill(teen.birthDate);
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  const history = page.getByTestId('patient-view').locator('[data-section="history"]');
  await expect(history).toHaveAttribute('data-masked', 'false');
  await expect(history).not.toContainText(teen.sensitiveVisit);

  // The teenager on the line for themselves hears about their own care.
  await page.keyboard.press('Alt+KeyN');
  await page.locator('#verify-name').fill(teen.name);
  await page.locator('[data-identifier="name"] button').click();
  await page.locator('#verify-birthDate').fill(teen.birthDate);
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(history).toContainText(teen.sensitiveVisit);
});
