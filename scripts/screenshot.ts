// Takes the README's screenshots of the real app: starts browser mode on a fresh demo store, opens it
// in Debian's Chromium, and saves PNGs under docs/. Run: npx tsx scripts/screenshot.ts
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-options';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-shot-'));
const child = spawn('node_modules/.bin/tsx', ['electron/main/bridge-entry.ts', '--port', '0', '--json', '--data-dir', dataDir, '--demo-patients', '500'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
const { url } = JSON.parse(line) as { url: string };
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'en-US' });
  await page.goto(url);
  await page.getByTestId('phone-state').waitFor();
  const steps = (process.env.SHOT_STEPS ?? '').split(',').filter(Boolean);
  if (steps.includes('search')) {
    await page.getByLabel('Phone number').fill(process.env.SHOT_PHONE ?? '');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('result-count').waitFor();
  }
  const out = process.env.SHOT_OUT ?? 'docs/screenshot-workspace.png';
  await page.screenshot({ path: out });
  if (process.env.SHOT_AR) {
    await page.getByLabel('Language').selectOption('ar');
    await page.waitForTimeout(200);
    await page.screenshot({ path: process.env.SHOT_AR });
  }
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
