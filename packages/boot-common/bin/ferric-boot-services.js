#!/usr/bin/env node
// The `ferric-boot-services` executable: runs the built program, dist/cli.js (run `pnpm build` first in a source
// checkout). A launcher rather than a bin pointing into dist/ so that it exists before the build:
// installing the workspace links it without "Failed to create bin" warnings. argv[1] names the
// program itself, as if it had been started directly.
import { fileURLToPath } from 'node:url';

const program = new URL('../dist/cli.js', import.meta.url);
process.argv[1] = fileURLToPath(program);
await import(program.href);
