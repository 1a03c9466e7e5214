// The desk follows the system's colour scheme: on a real call (the caller a patient, popped and verified) the page is
// dark when the system is dark and light when it is light, axe finds no violation (contrast included) in English and
// Arabic in either, the focus ring of a keyboard-focused button is drawn, and the verified state shows a tick that
// assistive technology does not read. The team lead's board, the shortcut list and practice mode are dark and
// axe-clean too. `CAREFRONT_SCREENSHOTS=1` retakes the README's picture of the desk in dark mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startApp, type AppProcess } from './app-process';
import { axeViolations, expectAxeCleanInEnglishAndArabic } from './axe-both';
import { answerRigPatient, startPatientCallerRig, writeAccountFile, type PatientCallerRig, verifyRigPatient } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

/** The relative luminance (0 black … 1 white) of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The WCAG contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * The focused element (focused from the keyboard) shows its ring: an outline at least 2 px wide, in a colour with at
 * least 3:1 contrast against the surface the element sits on.
 */
async function expectFocusRing(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const focused = document.activeElement!;
    const style = getComputedStyle(focused);
    let behind = focused.parentElement;
    const opaque = (el: Element) => !/^rgba\(.*,\s*0\)$|^transparent$/.test(getComputedStyle(el).backgroundColor);
    while (behind && behind !== document.documentElement && !opaque(behind)) behind = behind.parentElement;
    return {
      focusVisible: focused.matches(':focus-visible'),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      colour: style.outlineColor,
      surface: getComputedStyle(behind ?? document.documentElement).backgroundColor,
    };
  });
  expect(ring.focusVisible).toBe(true);
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  expect(contrast(ring.colour, ring.surface), `${ring.colour} on ${ring.surface}`).toBeGreaterThanOrEqual(3);
}

const pageColours = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    return { background: style.backgroundColor, text: style.color, scheme: style.colorScheme };
  });

async function verifiedCall(page: Page): Promise<void> {
  await answerRigPatient(page, rig);
  await verifyRigPatient(page, rig);
}

test('on a verified call the desk is dark with a dark system and light with a light one, accessible in both', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ permissions: ['microphone'], viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const page = await context.newPage();
  await verifiedCall(page);

  // Dark: a dark page with light text, form controls in the dark scheme too.
  const dark = await pageColours(page);
  expect(luminance(dark.background)).toBeLessThan(0.05);
  expect(luminance(dark.text)).toBeGreaterThan(0.7);
  expect(dark.scheme).toBe('light dark');
  if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-workspace-1280-dark.png' });
  await expectAxeCleanInEnglishAndArabic(page);

  // The verified state: a tick beside the word, which the accessible name leaves out.
  const verified = page.locator('#verification-title .status-verified');
  expect(await verified.evaluate((el) => getComputedStyle(el, '::before').content)).toContain('✓');
  await expect(page.locator('#verification-title')).toHaveAccessibleName(/ Verified$/);
  await expect(page.locator('#verification-title')).not.toHaveAccessibleName(/✓/);

  // A button focused from the keyboard shows its ring, in the dark scheme and (below) in the light one.
  await page.locator('#verify-birthDate, #agent-status').first().focus();
  let tag = '';
  for (let presses = 0; presses < 40 && tag !== 'BUTTON'; presses++) {
    await page.keyboard.press('Tab');
    tag = await page.evaluate(() => document.activeElement?.tagName ?? '');
  }
  expect(tag).toBe('BUTTON');
  await expectFocusRing(page);

  // Light: the same call, the system switched to light.
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await pageColours(page);
  expect(luminance(light.background)).toBeGreaterThan(0.8);
  expect(luminance(light.text)).toBeLessThan(0.05);
  await expectFocusRing(page);
  await expectAxeCleanInEnglishAndArabic(page);

  await page.keyboard.press('Alt+KeyE');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await context.close();
});

/** A page of `app` under a dark system, the phone ready (or, in practice mode, the banner up). */
async function darkPage(browser: Browser, app: AppProcess, ready: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone'], viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(app.url);
  await ready(page);
  expect(luminance((await pageColours(page)).background)).toBeLessThan(0.05);
  return page;
}

test('the team lead’s board under a dark system: axe-clean in English and Arabic, each agent state with its own glyph', async ({ browser }) => {
  test.setTimeout(90_000);
  const teamFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-team-')), 'team.json');
  fs.writeFileSync(teamFile, JSON.stringify({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }));
  const lead = await startApp(['--sip-account', writeAccountFile('bob', rig.kam.wsUrl, 'Bob Lead'), '--team', teamFile, '--role', 'teamLead'], 30);
  try {
    const page = await darkPage(browser, lead, (p) => expect(p.getByTestId('phone-state')).toHaveText('Phone ready', { timeout: 15_000 }));
    await expect(page.getByRole('heading', { name: 'Team: Rig team' })).toBeVisible();
    await expect(page.getByTestId('board-row')).toHaveCount(1);
    const glyphs = await page.locator('.state-counts li').evaluateAll((items) => items.map((li) => getComputedStyle(li, '::before').content));
    expect(glyphs.length).toBeGreaterThan(3);
    expect(new Set(glyphs).size).toBe(glyphs.length);
    await expectAxeCleanInEnglishAndArabic(page);
    await page.context().close();
  } finally {
    await lead.stop();
  }
});

test('practice mode and the shortcut list under a dark system: axe-clean in English and Arabic', async ({ browser }) => {
  test.setTimeout(90_000);
  const practice = await startApp(['--practice']);
  try {
    const page = await darkPage(browser, practice, (p) => expect(p.getByTestId('practice-banner')).toBeVisible());
    await expectAxeCleanInEnglishAndArabic(page);
    // The shortcut list is a modal dialog: opened from its button once in each language.
    for (const language of ['en', 'ar']) {
      await page.locator('#language-switcher').selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.locator('button[aria-keyshortcuts="Alt+K"]').click();
      await expect(page.getByTestId('shortcut-help')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-help')).toBeHidden();
    }
    await page.context().close();
  } finally {
    await practice.stop();
  }
});
