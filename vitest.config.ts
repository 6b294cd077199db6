import { defineConfig } from 'vitest/config';

// Two cores on the CI machine: two forks. The JSON report feeds .ci/run's
// "N passed, N failed" line; coverage of model/ is reported (v8).
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    coverage: {
      provider: 'v8',
      include: ['model/**/*.ts'],
      exclude: ['model/**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
