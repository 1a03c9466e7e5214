/** axe-core on the page as it stands, in English and then in Arabic (right to left), for the specs that check a screen. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Each violation as `rule: targets`, so a failure names what to fix. */
export async function axeViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The page in the desk's language switcher's `language`, its direction following. */
export async function switchLanguage(page: Page, language: 'en' | 'ar'): Promise<void> {
  await page.locator('#language-switcher').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
}

/** axe-clean in English and in Arabic; the page is back in English at the end. */
export async function expectAxeCleanInEnglishAndArabic(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await switchLanguage(page, 'ar');
  expect(await axeViolations(page)).toEqual([]);
  await switchLanguage(page, 'en');
}
