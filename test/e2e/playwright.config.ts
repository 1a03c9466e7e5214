import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../../scripts/chromium-options';

// End-to-end: the real renderer (built) in Debian's Chromium, driving the real main-process services
// through the WebSocket bridge. No browser download: Playwright uses /usr/bin/chromium.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/playwright.json' }]],
  outputDir: '../../test-results/playwright',
  // The pictures screens.spec compares against: one folder in the repository, no platform suffix (CI runs the same
  // Debian Chromium and fonts). Changed on purpose only, with `npm run screens:update`.
  snapshotPathTemplate: '{testDir}/screens/{arg}{ext}',
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
