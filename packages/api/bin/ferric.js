#!/bin/sh
':' //; exec node --max-semi-space-size=8 "$0" "$@"
// The `ferric` executable: runs the built CLI (run `pnpm build` first in a source checkout).
//
// Line 2 is for /bin/sh and a no-op string for JavaScript: executed as a program, the file re-runs
// itself under node with V8's young generation capped at 2 × 8 MiB (default 2 × 16 MiB). A server
// keeps little per node in memory, so that generation is a large share of its resident memory; the
// cap costs no measurable throughput (see README "Performance"). `node bin/ferric.js …` skips line 2
// and runs with node's defaults.
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
