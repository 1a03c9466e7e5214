import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node 22 (the `node` devDependency) against real parts:
// real SQLite files, a real SIP server and real SIP peers on loopback, a real HAPI FHIR server (started once per
// run in the background by test/fhir-server/global-setup.ts; only the EHR tests wait for it).
// Playwright's *.spec.ts files are excluded: they run under `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/fhir-server/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
