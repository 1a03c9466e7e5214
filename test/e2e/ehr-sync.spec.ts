// The EHR link end to end: the real app (over the bridge, in a real Chromium) connected to the REAL test FHIR server
// (HAPI FHIR R4, started by the e2e global setup) with `carefront-admin ehr set --auth none`. The first load by
// $export brings the server's patients into the encrypted cache and the status line says "Synced"; a patient updated
// on the server changes in the open patient view in place; a patient deleted on the server leaves the search results.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Patient } from 'fhir/r4';
import { keyFileProvider, openStore } from '../../electron/cache';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { startApp, type AppProcess } from './app-process';
import { adminOn, e2eFhir as fhir } from './e2e-fhir';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

/** A cold JVM on a busy 2-core machine, then the app's first load. */
const SERVER_READY_MS = 300_000;
/** The first load: HAPI's export jobs are scheduled in steps of tens of seconds, several minutes on a loaded machine. */
const FIRST_LOAD_MS = 420_000;
/** How long a change on the server may take to show on the desk (a subscription's notification, else polling). */
const CHANGE_SHOWS_MS = 30_000;

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MRN_KEPT = `E2E-SYNC-${run}-1`;
const MRN_GONE = `E2E-SYNC-${run}-2`;
let base = '';
let app: AppProcess | null = null;
let dataDir = '';

const patient = (mrn: string, family: string, phone: string): Patient => ({
  resourceType: 'Patient',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: mrn }],
  name: [{ use: 'official', given: ['Rowan'], family }],
  birthDate: '1971-04-12',
  telecom: [{ system: 'phone', value: phone, use: 'mobile' }],
});

async function fhirJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/${url}`, {
    method,
    headers: { accept: 'application/fhir+json', ...(body ? { 'content-type': 'application/fhir+json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** `carefront-admin` on the data dir's store, as a site administrator runs it. */
const admin = (...args: string[]) => adminOn(dataDir, ...args);

let kept: Patient;
let gone: Patient;

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 120_000);
  base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  kept = await fhirJson<Patient>('POST', 'Patient', patient(MRN_KEPT, 'Ashdown', '+1 617 555 0140'));
  gone = await fhirJson<Patient>('POST', 'Patient', patient(MRN_GONE, 'Brightwater', '+1 617 555 0141'));
  // A data folder whose store exists (its key beside it), connected to the server with the admin CLI.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-e2e-sync-'));
  openStore({ path: path.join(dataDir, 'demo.db'), keyProvider: keyFileProvider(path.join(dataDir, 'demo.key')) }).close();
  const set = await admin('ehr', 'set', '--base-url', base, '--auth', 'none');
  expect(set.stderr).toBe('');
  expect(set.status).toBe(0);
  const show = await admin('ehr', 'show');
  expect(show.stdout).toContain(base);
  app = await startApp([], 1, dataDir);
});

test.afterAll(async () => {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

async function searchMrn(page: Page, mrn: string) {
  await page.getByText('MRN', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Medical record number', exact: true }).fill(mrn);
  await page.getByRole('button', { name: 'Search' }).click();
}

test('first load, then synced; a patient updated on the server changes in the open view; a deleted one leaves the results', async ({ page }) => {
  test.setTimeout(FIRST_LOAD_MS + 120_000);
  await page.goto(app!.url);
  // The first load by $export, then the incremental sync: the status line says synced (live by a subscription, or polling).
  const link = page.getByTestId('ehr-link');
  await expect(page.getByTestId('ehr-link-status')).toContainText('Synced', { timeout: FIRST_LOAD_MS });
  await expect(link).toHaveAttribute('data-state', /^(live|polling)$/);

  // The patient loaded from the server is found and opened.
  await searchMrn(page, MRN_KEPT);
  await expect(page.getByTestId('result-count')).toHaveText('1 match');
  await expect(page.locator(`.match[data-patient-id="${kept.id}"]`)).toBeVisible();
  await page.locator('.match button').first().click();
  await expect(page.locator('#pv-name')).toContainText('Ashdown');

  // Updated on the server: the open view changes in place (no new search, no click).
  const current = await fhirJson<Patient>('GET', `Patient/${kept.id}`);
  await fhirJson('PUT', `Patient/${kept.id}`, { ...current, name: [{ use: 'official', given: ['Rowan'], family: 'Ashcombe' }] });
  await expect(page.locator('#pv-name')).toContainText('Ashcombe', { timeout: CHANGE_SHOWS_MS });
  await expect(page.locator('#pv-name')).not.toContainText('Ashdown');
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's picture of the desk synced with the hospital's FHIR server.
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-ehr-sync.png' });

  // Deleted on the server: it leaves the search results shown.
  await searchMrn(page, MRN_GONE);
  await expect(page.getByTestId('result-count')).toHaveText('1 match');
  await expect(page.locator(`.match[data-patient-id="${gone.id}"]`)).toBeVisible();
  await fhirJson('DELETE', `Patient/${gone.id}`);
  await expect(page.locator(`.match[data-patient-id="${gone.id}"]`)).toHaveCount(0, { timeout: CHANGE_SHOWS_MS });
  await expect(page.getByTestId('result-count')).toContainText('No patient matches');
  await expect(link).toHaveAttribute('data-state', /^(live|polling)$/);
});
