// The team's worklist end to end: the real app (over the bridge, in a real Chromium) connected to the REAL test FHIR
// server (HAPI FHIR R4, started by the e2e global setup). A callback another agent's desk promised (the Task as it
// is on the wire: electron/worklist/task-mapping.ts writes this shape; spelled out here because the spec runs as plain
// Node ESM, where the mapping's data-file imports do not load) appears in this agent's worklist; the agent claims it
// and completes it with an outcome, and the Task on the server says so.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Task } from 'fhir/r4';
import { FhirClient } from '../../electron/ehr/fhir-client';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { startApp, type AppProcess } from './app-process';
import { connectedDataDir, e2eFhir as fhir } from './e2e-fhir';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

const SERVER_READY_MS = 300_000;
let app: AppProcess | null = null;
let dataDir = '';
let client: FhirClient;

test.beforeAll(async () => {
  test.setTimeout(SERVER_READY_MS + 120_000);
  const base = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, SERVER_READY_MS);
  client = new FhirClient({ baseUrl: base });
  dataDir = connectedDataDir('worklist', base);
  app = await startApp([], 1, dataDir);
});

test.afterAll(async () => {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a callback another agent promised is in this agent's worklist, claimed and completed with an outcome", async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
  const family = `Worklist${Date.now().toString(36)}`;
  const clientId = `worklist-${crypto.randomUUID()}`;
  const promised: Task = {
    resourceType: 'Task',
    meta: {
      tag: [
        { system: 'urn:carefront:worklist-pool', code: 'callbacks' },
        { system: 'urn:carefront:record-kind', code: 'worklist-task' },
      ],
    },
    identifier: [{ system: 'urn:carefront:client-id', value: clientId }],
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'urn:carefront:worklist-kind', code: 'callback' }] },
    reasonCode: { coding: [{ system: 'urn:carefront:worklist-origin', code: 'promised' }] },
    for: { reference: 'Patient/e2e-worklist-patient', display: `Noor ${family}` },
    authoredOn: new Date().toISOString(),
    owner: { identifier: { system: 'urn:carefront:worklist-pool', value: 'callbacks' }, display: 'Callbacks team' },
    restriction: { period: { end: new Date(Date.now() - 10 * 60_000).toISOString() } },
    input: [{ type: { coding: [{ system: 'urn:carefront:worklist-input', code: 'number-to-call' }] }, valueString: '+16175550199' }],
  };
  const task = (await client.createIfNoneExist(promised, `identifier=urn:carefront:client-id|${clientId}`)).resource;

  await page.goto(app!.url);
  const item = page.locator('.worklist-item', { hasText: family });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toHaveClass(/overdue/);
  await expect(item).toContainText('Overdue');
  await expect(item).toContainText('+16175550199');

  await item.getByRole('button', { name: 'Claim' }).click();
  await expect(page.locator('.worklist-notice')).toHaveText('Item claimed.');
  await expect(item).toContainText('Claimed by you');
  // `CAREFRONT_SCREENSHOTS=1` refreshes the README's picture of the team worklist.
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-worklist.png' });

  await item.getByLabel('Outcome').selectOption('leftMessage');
  await item.getByRole('button', { name: 'Complete' }).click();
  await expect(page.locator('.worklist-notice')).toHaveText('Item completed.');
  await expect(item).toHaveCount(0);
  const done = await client.read<Task>('Task', task.id!);
  expect(done.status).toBe('completed');
  expect(done.businessStatus?.coding?.[0]).toMatchObject({ system: 'urn:carefront:worklist-outcome', code: 'leftMessage' });
});
