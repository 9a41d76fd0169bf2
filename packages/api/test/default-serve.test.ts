/**
 * A fresh `ferric serve` with no config file, as a new user starts it from the repository root (the
 * built `bin/ferric.js`; `pnpm build` first), driven with the real `baremetal` CLI (Debian
 * python3-ironicclient): it accepts `ipmi` and `redfish` nodes, refuses an unknown driver with 400
 * and loads `--plugin @ferric/drivers-ipmi` given by package name. Skipped without the CLI.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers.js';

const run = promisify(execFile);
const CLI = '/usr/bin/baremetal';
const hasCli = existsSync(CLI) && existsSync('/usr/bin/python3');
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'packages/api/bin/ferric.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.skipIf(!hasCli)(
  'a default ferric serve (no config file) with the baremetal CLI',
  { timeout: 180_000 },
  () => {
    let dir: string;
    let child: ChildProcess;
    let url: string;
    let output = '';

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ferric-default-serve-'));
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      // From the repository root, naming a first-party plugin by package name (resolved from the
      // working directory, then from the service's own package).
      child = spawn(
        process.execPath,
        [
          BIN,
          'serve',
          '--port',
          String(port),
          '--data-dir',
          join(dir, 'data'),
          '--plugin',
          '@ferric/drivers-ipmi',
        ],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      await until(async () => {
        if (child.exitCode !== null) throw new Error(`ferric serve exited: ${output}`);
        return fetch(`${url}/v1/drivers`)
          .then((r) => r.ok)
          .catch(() => false);
      }, 60_000);
    }, 90_000);

    afterAll(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function bm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      try {
        const { stdout, stderr } = await run('/usr/bin/python3', [CLI, ...args], {
          env: { PATH: '/usr/bin:/bin', HOME: dir, OS_ENDPOINT: url, OS_AUTH_TYPE: 'none' },
          timeout: 60_000,
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    }

    it('lists the default hardware types', async () => {
      const r = await bm('driver', 'list', '-f', 'value', '-c', 'Supported driver(s)');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'fake-hardware',
        'ipmi',
        'manual-management',
        'redfish',
      ]);
    });

    it('creates ipmi and redfish nodes with their default interfaces', async () => {
      const ipmi = await bm(
        'node',
        'create',
        '--driver',
        'ipmi',
        '--driver-info',
        'ipmi_address=192.0.2.10',
        '-f',
        'json',
      );
      expect(ipmi.code, ipmi.stderr).toBe(0);
      expect(JSON.parse(ipmi.stdout)).toMatchObject({
        driver: 'ipmi',
        power_interface: 'ipmitool',
        management_interface: 'ipmitool',
        boot_interface: 'ipxe',
        deploy_interface: 'direct',
        provision_state: 'enroll',
      });
      const redfish = await bm(
        'node',
        'create',
        '--driver',
        'redfish',
        '--driver-info',
        'redfish_address=https://192.0.2.11',
        '-f',
        'json',
      );
      expect(redfish.code, redfish.stderr).toBe(0);
      expect(JSON.parse(redfish.stdout)).toMatchObject({
        driver: 'redfish',
        power_interface: 'redfish',
        management_interface: 'redfish',
        bios_interface: 'redfish',
        raid_interface: 'redfish',
      });
    });

    it('refuses an unknown driver with 400, as Ironic', async () => {
      const r = await bm('node', 'create', '--driver', 'no-such-driver');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/No valid host was found/);
      expect(r.stderr).toMatch(/HTTP 400/);
    });
  },
);
