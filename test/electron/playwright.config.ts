import { defineConfig } from '@playwright/test';

// The Electron smoke test: launches the built app (npm run build) with Playwright's
// `_electron`. It skips, saying why, where no Electron binary is installed.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  reporter: process.env['PW_REPORTER'] === 'json' ? [['json', { outputFile: process.env['PW_JSON_OUTPUT'] ?? 'test-results/electron.json' }], ['list']] : [['list']],
  outputDir: '../../test-results/electron',
});
