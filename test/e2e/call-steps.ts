// Counting what an agent does on a call, by keyboard only: every key pressed (a chord such as Alt+A counts once), split
// into the keys that move and act (navigation) and the characters of what the caller said (data); any mouse click;
// and the Page Down presses needed to bring something the agent must read into view. The figures of three common
// calls are written to test-results/call-steps.json for the closing note and the README.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export interface StepCount {
  navigation: number;
  data: number;
  clicks: number;
  /** Page Down presses to bring what the agent must read into view (counted in navigation too). */
  scrolls: number;
}

export class CallSteps {
  readonly count: StepCount = { navigation: 0, data: 0, clicks: 0, scrolls: 0 };

  constructor(private readonly page: Page) {}

  get keystrokes(): number {
    return this.count.navigation + this.count.data;
  }

  /** One key or chord (Alt+A, Enter, Tab). */
  async press(key: string): Promise<void> {
    this.count.navigation += 1;
    await this.page.keyboard.press(key);
  }

  /** What the caller said, typed into the focused field: one keystroke per character. */
  async type(text: string): Promise<void> {
    this.count.data += Array.from(new Intl.Segmenter().segment(text)).length;
    await this.page.keyboard.type(text);
  }

  /** Tab (or Shift+Tab) until `target` has the focus; each press counted. Fails when it is not reached. */
  async tabTo(target: Locator, backwards = false, limit = 80): Promise<void> {
    for (let i = 0; i <= limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await this.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`not reached by ${limit} Tab presses`);
  }

  /** What the agent must read: in view, or the Page Down presses it takes (counted) to bring it there. */
  async read(target: Locator): Promise<void> {
    await expect(target).toBeVisible();
    const viewport = this.page.viewportSize();
    const box = await target.boundingBox();
    if (!viewport || !box) throw new Error('nothing to read');
    const below = box.y + box.height - viewport.height;
    if (below <= 0) return;
    const presses = Math.ceil(below / (viewport.height * 0.875));
    this.count.scrolls += presses;
    this.count.navigation += presses;
    await target.scrollIntoViewIfNeeded();
  }
}

/** Adds one call's figures to test-results/call-steps.json (read for the README and the closing note). */
export function recordSteps(call: string, size: string, steps: CallSteps): void {
  const file = path.resolve('test-results', 'call-steps.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const all = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all[`${call} @ ${size}`] = { keystrokes: steps.keystrokes, ...steps.count };
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
