// The workspace on one screen, on a real call (a real phone whose caller ID is a patient's number), at the two sizes
// contact centres use: 1280×800 and 1920×1080. The page itself never scrolls (each pane scrolls on its own) and never
// scrolls sideways, in English, German (the longest strings) and Arabic (right to left); the call bar and the
// patient's appointments are in view; once the caller is verified the identity checklist and the search fold to one
// line (Alt+S brings the search back); 1920 uses three columns; at hang-up the outcome has the focus. The patient's
// essentials strip stands under their name without scrolling: before verification it names no appointment, after it
// says how the caller was verified and which appointment is next, and its items take the agent to their sections.
// `CAREFRONT_SCREENSHOTS=1` retakes the README's pictures of the workspace.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { answerRigPatient, startPatientCallerRig, type PatientCallerRig, verifyRigPatient } from './patient-caller';
import { ifSetUp } from '../if-set-up';

let rig: PatientCallerRig;

test.beforeAll(async () => {
  rig = await startPatientCallerRig({ rtpengine: true, caller: 'withNextAppointment' });
});

test.afterAll(async () => ifSetUp(rig, (r) => r.dispose()));

/** The element's box lies inside the viewport (nothing of it below the fold or off to a side). */
async function inView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize();
  return !!box && !!size && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width + 0.5;
}

/** Neither down nor sideways: the page is exactly one screen. */
const pageScroll = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { down: root.scrollHeight - root.clientHeight, sideways: root.scrollWidth - root.clientWidth };
  });

/** Before verification the strip says so and names no appointment (main has sent none): only that one will show. */
async function expectUnverifiedEssentials(page: Page): Promise<void> {
  const strip = page.getByRole('region', { name: 'Patient essentials' });
  await expect(strip.locator('[data-item="verified"]')).toHaveAttribute('data-state', 'unverified');
  await expect(strip.locator('[data-item="verified"]')).toContainText('Not verified');
  const appointment = strip.locator('[data-item="appointment"]');
  await expect(appointment).toHaveAttribute('data-state', 'hidden');
  await expect(appointment).not.toHaveAttribute('data-id');
  await expect(appointment).toContainText('shown after verification');
  await expect(page.locator('[data-appointment-id]')).toHaveCount(0);
  await expect.poll(() => inView(page, strip)).toBe(true);
}

/** After verification: the strip in view, how the caller was verified, and the next appointment, which it jumps to. */
async function expectVerifiedEssentials(page: Page): Promise<void> {
  const strip = page.getByRole('region', { name: 'Patient essentials' });
  await expect.poll(() => inView(page, strip)).toBe(true);
  await expect(strip.getByRole('listitem')).not.toHaveCount(0);
  const verified = strip.locator('[data-item="verified"]');
  await expect(verified).toHaveAttribute('data-state', 'verified');
  await expect(verified).toContainText('Verified by');
  await expect(verified).toContainText('Medical record number');
  await expect(verified).toContainText('Date of birth');
  const appointment = strip.locator('[data-item="appointment"]');
  await expect(appointment).toHaveAttribute('data-state', 'booked');
  await expect(appointment).toHaveAttribute('data-id', rig.patient.nextAppointmentId!);
  await expect(strip.locator('[data-item="who"]')).toContainText(rig.patient.name);
  await appointment.getByRole('button').click();
  const section = page.getByTestId('patient-view').locator('[data-section="appointments"]');
  await expect(section).toBeFocused();
  await expect(section.locator(`[data-appointment-id="${rig.patient.nextAppointmentId!}"]`)).toBeVisible();
  await strip.locator('[data-item="verified"]').getByRole('button').click();
  await expect(page.getByTestId('verification')).toBeFocused();
}

async function verifiedCall(page: Page): Promise<void> {
  await answerRigPatient(page, rig);
  await expectUnverifiedEssentials(page);
  await verifyRigPatient(page, rig);
}

for (const size of [
  { width: 1280, height: 800, columns: 2 },
  { width: 1920, height: 1080, columns: 3 },
]) {
  test(`one screen per call at ${size.width}×${size.height}`, async ({ browser }) => {
    const page = await (await browser.newContext({ permissions: ['microphone'], viewport: size })).newPage();
    await verifiedCall(page);

    // The call, the patient's essentials and their appointments in view; the page neither scrolls down nor sideways.
    await expect.poll(() => inView(page, page.getByTestId('call'))).toBe(true);
    await expect.poll(() => inView(page, page.getByTestId('patient-view').locator('.pv-header'))).toBe(true);
    await expect.poll(() => inView(page, page.getByTestId('patient-view').locator('[data-section="appointments"] h3'))).toBe(true);
    expect(await pageScroll(page)).toEqual({ down: 0, sideways: 0 });
    await expectVerifiedEssentials(page);

    // Jobs done fold away: the checklist says what matched in one line; the search waits behind its key.
    await expect(page.getByTestId('checks-folded')).toContainText('2 of 2');
    await expect(page.locator('.id-row input')).toHaveCount(0);
    await expect(page.getByTestId('search-folded')).toBeVisible();
    if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: `docs/screenshot-workspace-${size.width}-en.png` });
    await page.keyboard.press('Alt+KeyS');
    await expect(page.locator('.patient-search input:not([type=radio])').first()).toBeFocused();

    // Columns: the side pane (look-ups, worklist) beside the call's work on the wide screen, under it at 1280.
    const guidance = (await page.locator('.pane.guidance').boundingBox())!;
    const side = (await page.locator('.pane.side').boundingBox())!;
    if (size.columns === 3) expect(side.x).toBeGreaterThan(guidance.x + guidance.width - 1);
    else expect(side.y).toBeGreaterThan(guidance.y + guidance.height - 1);

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // The longest strings (German) and right to left (Arabic): still one screen, nothing off to the side.
    for (const language of ['de', 'ar'] as const) {
      await page.locator('#language-switcher').selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      expect(await pageScroll(page)).toEqual({ down: 0, sideways: 0 });
      await expect.poll(() => inView(page, page.getByTestId('call'))).toBe(true);
      await expect.poll(() => inView(page, page.getByTestId('essentials'))).toBe(true);
      if (language === 'ar') {
        // Right to left: the strip's first item (who) stands at the inline start, the right-hand side.
        const strip = page.getByRole('region', { name: 'أساسيات المريض' });
        await expect(strip.locator('[data-item="verified"]')).toContainText('تم التحقق عبر');
        await expect(strip.locator('[data-item="appointment"]')).toHaveAttribute('data-id', rig.patient.nextAppointmentId!);
        const who = (await strip.locator('[data-item="who"]').boundingBox())!;
        const verified = (await strip.locator('[data-item="verified"]').boundingBox())!;
        expect(who.x).toBeGreaterThan(verified.x);
        const arabicAxe = await new AxeBuilder({ page }).analyze();
        expect(arabicAxe.violations.map((v) => v.id)).toEqual([]);
        if (process.env.CAREFRONT_SCREENSHOTS) await page.screenshot({ path: `docs/screenshot-workspace-${size.width}-ar.png` });
      }
    }
    await page.locator('#language-switcher').selectOption('en');

    // Hang-up: the wrap-up stands in place with the outcome focused.
    await page.keyboard.press('Alt+KeyE');
    await expect(page.getByTestId('call')).toHaveCount(0);
    await expect(page.locator('#wrap-up-disposition')).toBeFocused();
    await page.keyboard.type('Resolved');
    await page.keyboard.press('Control+Enter');
    await expect(page.locator('#agent-status')).toHaveValue('available');
    // The agent's own day counts the call (this run's calls so far at this desk).
    await expect(page.getByTestId('my-day-calls')).toHaveText(/^[1-9]\d* of [1-9]\d*$/);
    await page.context().close();
  });
}
