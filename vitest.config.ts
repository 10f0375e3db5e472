import { defineConfig } from 'vitest/config';

// Integration and unit tests beside the code, and browser journeys in e2e/.
// Server test files share their worker's module cache (isolate: false): importing the whole app
// once per worker instead of once per file is most of a run's time on two cores. Each file still
// has its own database and app. A file that mocks a module needs a fresh module graph and runs in
// the isolated project instead.
const mocksModules = ['server/platform/access/authorization-matrix.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: mocksModules,
          environment: 'node',
          pool: 'forks',
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server-isolated',
          include: mocksModules,
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
          isolate: false,
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
