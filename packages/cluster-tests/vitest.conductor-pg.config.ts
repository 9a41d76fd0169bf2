import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/**
 * `@ferric/conductor`'s test suite on PostgreSQL instead of SQLite:
 * `npx vitest run -c packages/cluster-tests/vitest.conductor-pg.config.ts` (from the repository root).
 */
export default defineConfig({
  ...base,
  root: resolve(import.meta.dirname, '../..'),
  test: {
    ...base.test,
    include: ['packages/conductor/test/**/*.test.ts'],
    setupFiles: [
      resolve(import.meta.dirname, '../../vitest.setup.ts'),
      resolve(import.meta.dirname, 'conductor-on-postgres.setup.ts'),
    ],
  },
});
