import { defineConfig } from 'vitest/config';

// Two projects: integration/unit tests beside the code, and browser journeys in e2e/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          // A journey that fails once is run again (and reported as flaky); its diagnostics stay.
          retry: 1,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
