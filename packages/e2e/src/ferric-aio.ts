#!/usr/bin/env node
/**
 * `ferric-e2e-aio`: {@link startAllInOne} configured from the environment (`E2E_DATA_DIR`,
 * `E2E_API_PORT`, `E2E_BOOT_PORT`, `E2E_DEPLOY_KERNEL`, `E2E_DEPLOY_RAMDISK`, optional `E2E_INSPECTION_PORT`, `E2E_EXTERNAL_BOOT_HTTP`, `E2E_GUEST_HOST`,
 * `E2E_LOG_LEVEL`). Prints `E2E-FERRIC-READY <url>` when listening; stop with SIGTERM, or SIGKILL it to
 * test resumption.
 */
import 'reflect-metadata';
import { startAllInOne } from './all-in-one.js';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

startAllInOne({
  dataDir: env('E2E_DATA_DIR'),
  apiPort: Number(env('E2E_API_PORT')),
  bootPort: Number(env('E2E_BOOT_PORT')),
  deployKernel: env('E2E_DEPLOY_KERNEL'),
  deployRamdisk: env('E2E_DEPLOY_RAMDISK'),
  ...(process.env.E2E_EXTERNAL_BOOT_HTTP ? { serveBootFiles: false } : {}),
  ...(process.env.E2E_INSPECTION_PORT ? { inspectionPort: Number(process.env.E2E_INSPECTION_PORT) } : {}),
  ...(process.env.E2E_GUEST_HOST ? { guestHost: process.env.E2E_GUEST_HOST } : {}),
  ...(process.env.E2E_LOG_LEVEL ? { logLevel: process.env.E2E_LOG_LEVEL } : {}),
}).then(
  (aio) => {
    process.stdout.write(`E2E-FERRIC-READY ${aio.service.url}\n`);
    const stop = () => void aio.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (err: unknown) => {
    process.stderr.write(`ferric-aio: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
