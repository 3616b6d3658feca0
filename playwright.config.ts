import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from './e2e/chromium.js';

const browser = findChromium();
if (browser.missing) {
  // In CI a missing browser is a broken setup, not a reason to skip the end-to-end tests.
  if (process.env['CI']) throw new Error(browser.missing);
  console.warn(`e2e: ${browser.missing}; browser tests will be skipped.`);
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  // Every wait below is for an app event (an element appearing, a job's result); these limits
  // only catch a hang. The engine trains for real on a 2-core machine that may be busy, so they
  // are generous: a slow machine must make the tests slower, not red.
  timeout: 900_000,
  expect: { timeout: 120_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      args: CHROMIUM_FLAGS,
      ...(browser.path ? { executablePath: browser.path } : {}),
    },
  },
});
