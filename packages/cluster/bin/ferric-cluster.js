#!/usr/bin/env node
// The `ferric-cluster` executable: `conductor` and `api` processes (run `pnpm build` first in a source checkout).
import { main } from '../dist/cli.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ferric-cluster: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
