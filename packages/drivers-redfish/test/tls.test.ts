import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FleetBmc } from '@ferric/bmc-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedfishConnectionError } from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';

const run = promisify(execFile);

/** A self-signed certificate for 127.0.0.1, made with openssl (skipped when openssl is missing). */
async function selfSigned(dir: string): Promise<{ key: string; cert: string; certPath: string } | null> {
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { timeout: 30_000 },
    );
  } catch {
    return null;
  }
  return {
    key: await readFile(join(dir, 'key.pem'), 'utf8'),
    cert: await readFile(join(dir, 'cert.pem'), 'utf8'),
    certPath: join(dir, 'cert.pem'),
  };
}

describe('TLS verification (redfish_verify_ca)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ferric-redfish-tls-'));
  const tls = await selfSigned(dir);
  let bmc: FleetBmc;
  beforeAll(async () => {
    fastSettings();
    if (tls)
      bmc = (await fleet({ count: 1, firstIndex: 60, tls: { key: tls.key, cert: tls.cert } })).bmcs[0]!;
  });
  afterAll(async () => {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!tls)('refuses a self-signed certificate by default, with a hint', async () => {
    expect(bmc.url).toMatch(/^https:/);
    const task = redfishTask(bmc);
    const error = await task.driver.power.getPowerState(task).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishConnectionError);
    expect((error as Error).message).toMatch(/TLS verification .* redfish_verify_ca/);
  });

  it.skipIf(!tls)('trusts a CA bundle given as a path', async () => {
    const task = redfishTask(bmc, { redfish_verify_ca: tls!.certPath });
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
  });

  it.skipIf(!tls)('skips verification when redfish_verify_ca is false', async () => {
    const task = redfishTask(bmc, { redfish_verify_ca: false });
    expect(await task.driver.power.getPowerState(task)).toBe('power off');
  });
});
