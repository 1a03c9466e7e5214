// What the EHR specs do at a desk (scheduling, referrals): open it, take a patient's call and verify them (MRN and date of birth,
// which opens the appointments and the scheduling panel), search free times, and hang up and wrap up.
import { expect, type Page } from '@playwright/test';
import type { Baresip, Kamailio } from '../rig/rig';
import type { AppProcess } from './app-process';

/** A patient's phone on the rig and what the agent checks when they call. */
export interface SchedulingCaller {
  phone: Baresip;
  /** The family name the patient view shows. */
  family: string;
  mrn: string;
  birthDate: string;
}

/** The desk's page, registered on the phone and available for calls; errors on the page fail the test. */
export async function openDesk(page: Page, app: AppProcess): Promise<void> {
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(app.url);
  await expect(page.getByTestId('phone-state')).toHaveAttribute('class', /phone-registered/, { timeout: 15_000 });
  await page.locator('#agent-status').selectOption('available');
}

/** The patient calls the desk's SIP user; the agent answers and verifies them: `opens` (the appointments by default) opens. */
export async function callAndVerify(
  page: Page,
  kam: Kamailio,
  deskUser: string,
  caller: SchedulingCaller,
  opens: 'appointments' | 'referrals' = 'appointments',
): Promise<void> {
  await callAndAnswer(page, kam, deskUser, caller);
  await verifyCaller(page, caller, opens);
}

/** The patient calls the desk's SIP user; the screen pop shows them and the agent answers (Alt+A). */
export async function callAndAnswer(page: Page, kam: Kamailio, deskUser: string, caller: SchedulingCaller): Promise<void> {
  await caller.phone.command('dial', `sip:${deskUser}@127.0.0.1:${kam.sipPort}`);
  await expect(page.getByTestId('screen-pop')).toBeVisible();
  if ((await page.getByTestId('screen-pop').locator('button').count()) > 0) await page.getByTestId('screen-pop').locator('button').first().click();
  await expect(page.getByTestId('patient-view')).toContainText(caller.family);
  await page.keyboard.press('Alt+A');
  await expect(page.getByTestId('call')).toHaveAttribute('data-state', 'active');
}

/** The agent checks the caller's MRN and date of birth: verified, and `opens` opens. */
export async function verifyCaller(page: Page, caller: SchedulingCaller, opens: 'appointments' | 'referrals' = 'appointments'): Promise<void> {
  await page.locator('#verify-mrn').fill(caller.mrn);
  await page.locator('[data-identifier="mrn"] button').click();
  await page.locator('#verify-birthDate').fill(caller.birthDate);
  await page.locator('[data-identifier="birthDate"] button').click();
  await expect(page.getByTestId('verification')).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('patient-view').locator(`[data-section="${opens}"]`)).toHaveAttribute('data-masked', 'false');
}

/**
 * Alt+B (or `open`, another way to the search), to the search, and its defaults (from now, 30 days) sent by keyboard:
 * the next available is announced.
 */
export async function searchFreeTimes(page: Page, offer: RegExp, open = () => page.keyboard.press('Alt+B')): Promise<void> {
  const panel = page.getByTestId('scheduling');
  await open();
  await expect(panel.locator('.schedule-search select').first()).toBeFocused();
  await panel.locator('.schedule-search button[type="submit"]').focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('schedule-announcement').getByRole('status')).toHaveText(offer);
}

/** The caller hangs up; the wrap-up is saved and the desk is available again. */
export async function hangUpAndWrapUp(page: Page, phone: Baresip): Promise<void> {
  await phone.command('hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await page.locator('#wrap-up-disposition').selectOption('resolved');
  await page.locator('#wrap-up-notes').press('Control+Enter');
  await expect(page.locator('#agent-status')).toHaveValue('available');
}
