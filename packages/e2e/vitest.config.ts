import { defineConfig } from 'vitest/config';

/** `pnpm e2e`: runs against the built packages (Ferric runs as a separate process that the test kills). */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    setupFiles: ['reflect-metadata'],
  },
});
