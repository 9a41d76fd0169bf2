#!/usr/bin/env node
// The `ferric` executable: runs the built CLI (run `pnpm build` first in a source checkout).
import { main } from '../dist/cli.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ferric: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
