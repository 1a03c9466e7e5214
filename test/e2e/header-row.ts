// Whether the call bar's controls sit on one row (its banners are rows of their own by design).
import { expect, type Page } from '@playwright/test';

/** The header's controls: their boxes (the banners and the settings row left out). */
export async function headerControls(page: Page) {
  return page.locator('header.callbar').evaluate((header) =>
    [...header.children]
      .filter((c) => !c.matches('.phone-banner, .callbar-row') && c.getBoundingClientRect().height > 0)
      .map((c) => {
        const r = c.getBoundingClientRect();
        return { what: c.className || c.tagName, top: r.top, bottom: r.bottom, height: r.height, right: r.right, left: r.left };
      }),
  );
}

/** One row: every control starts on it, together they are no taller than the tallest, and none runs off the window. */
export async function expectHeaderOnOneRow(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  const language = await page.locator('html').getAttribute('lang');
  const boxes = await headerControls(page);
  expect(boxes.length).toBeGreaterThan(4);
  const tallest = Math.max(...boxes.map((b) => b.height));
  const rowTop = Math.min(...boxes.map((b) => b.top));
  const rowBottom = Math.max(...boxes.map((b) => b.bottom));
  expect(
    boxes.filter((b) => b.top > rowTop + tallest / 2).map((b) => b.what),
    `below the row in ${language}`,
  ).toEqual([]);
  expect(rowBottom - rowTop).toBeLessThanOrEqual(tallest + 1);
  expect(boxes.filter((b) => b.left < 0 || b.right > width).map((b) => b.what)).toEqual([]);
}
