import { defineConfig } from 'vitest/config';
import root from '../../../vitest.config.ts';

/** Runs the benchmarks (not tests) with the workspace's source aliases. */
export default defineConfig({
  ...root,
  test: {
    ...root.test,
    include: ['packages/drivers-redfish/bench/**/*.bench.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
