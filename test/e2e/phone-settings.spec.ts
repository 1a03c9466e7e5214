// Setting up the phone in the app: invalid values are refused per field by the main process; a valid
// account is saved (password sealed) and the phone starts connecting, showing what it is doing.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, type AppProcess } from './app-process';
import { ifSetUp } from '../if-set-up';

let app: AppProcess;
test.beforeAll(async () => {
  app = await startApp([], 10);
});
test.afterAll(async () => ifSetUp(app, (a) => a.stop()));

test('the phone account form validates in main, saves, and the phone starts connecting', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveText('Phone offline');
  await page.getByRole('button', { name: 'Phone settings' }).click();
  const form = page.getByRole('form', { name: 'Phone account (SIP)' });
  await form.getByLabel('SIP address').fill('not a uri');
  await form.getByLabel('User name').fill('agent42');
  await form.getByLabel('Password').fill('s3cret-password');
  await form.getByLabel('Server (wss://)').fill('ws://pbx.example.org');
  await form.getByRole('button', { name: 'Save and connect' }).click();
  await expect(form.getByLabel('SIP address')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Server (wss://)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('unencrypted ws:// server is allowed only on this machine');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await form.getByLabel('SIP address').fill('sip:agent42@127.0.0.1');
  await form.getByLabel('Server (wss://)').fill('ws://127.0.0.1:9'); // nothing listens there
  await form.getByRole('button', { name: 'Save and connect' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('phone-state')).toHaveText(/Reconnecting the phone|Connecting the phone/);
  await expect(page.getByTestId('phone-banner')).toContainText('cannot be reached', { timeout: 10_000 });
  await expect(page.getByTestId('phone-state')).toHaveText('Reconnecting the phone…');
  // The banner that says so, axe-clean in English and in Arabic (right to left).
  const axeIds = async () => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(await axeIds()).toEqual([]);
  await page.locator('#language-switcher').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(await axeIds()).toEqual([]);
  await page.locator('#language-switcher').selectOption('en');

  // Saved at rest without the password in clear.
  const saved = fs.readFileSync(path.join(app.dataDir, 'phone-account.json'), 'utf8');
  expect(saved).toContain('sip:agent42@127.0.0.1');
  expect(saved).not.toContain('s3cret-password');
});
