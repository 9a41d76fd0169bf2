/**
 * Ironic's lenient booleans (`bool_from_string` spellings) in boolean body fields — and nowhere else.
 * Includes the real `baremetal port create --pxe-enabled true` when the CLI is installed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lenientBoolean } from '../src/lenient-booleans.js';
import { startTestService, type TestService, V } from './helpers.js';

const run = promisify(execFile);
const CLI = '/usr/bin/baremetal';
const hasCli = existsSync(CLI) && existsSync('/usr/bin/python3');
const H = { ...V, 'content-type': 'application/json' };

describe('lenient booleans', { timeout: 300_000 }, () => {
  let svc: TestService;
  let home: string;
  let node = '';

  beforeAll(async () => {
    svc = await startTestService();
    home = mkdtempSync(join(tmpdir(), 'ferric-cli-home-'));
    const r = await fetch(`${svc.url}/v1/nodes`, {
      method: 'POST',
      headers: H,
      body: JSON.stringify({ driver: 'fake-hardware', name: 'bool-node' }),
    });
    node = ((await r.json()) as { uuid: string }).uuid;
  });
  afterAll(async () => {
    await svc?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const req = (method: string, path: string, body: unknown) =>
    fetch(`${svc.url}${path}`, { method, headers: H, body: JSON.stringify(body) });

  it('maps oslo bool_from_string spellings only', () => {
    for (const t of ['true', 'True', ' yes ', 'on', '1', 't', 'Y']) expect(lenientBoolean(t)).toBe(true);
    for (const f of ['false', 'FALSE', 'no', 'off', '0', 'f', 'n']) expect(lenientBoolean(f)).toBe(false);
    for (const other of ['maybe', '', 1, 0, null, true]) expect(lenientBoolean(other)).toBe(other);
  });

  it('accepts "true"/"false" strings for boolean fields on POST and PATCH', async () => {
    const p = await req('POST', '/v1/ports', {
      node_uuid: node,
      address: '52:54:00:bb:00:01',
      pxe_enabled: 'false',
    });
    expect(p.status).toBe(201);
    const port = (await p.json()) as { uuid: string; pxe_enabled: boolean };
    expect(port.pxe_enabled).toBe(false);
    const patched = await req('PATCH', `/v1/ports/${port.uuid}`, [
      { op: 'replace', path: '/pxe_enabled', value: 'yes' },
    ]);
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { pxe_enabled: boolean }).pxe_enabled).toBe(true);
    const n = await req('PATCH', `/v1/nodes/${node}`, [
      { op: 'replace', path: '/automated_clean', value: 'False' },
    ]);
    expect(n.status).toBe(200);
    expect(((await n.json()) as { automated_clean: boolean }).automated_clean).toBe(false);
  });

  it('still refuses other spellings, numbers for booleans and numbers for strings', async () => {
    const bad = await req('POST', '/v1/ports', {
      node_uuid: node,
      address: '52:54:00:bb:00:02',
      pxe_enabled: 'maybe',
    });
    expect(bad.status).toBe(400);
    const num = await req('POST', '/v1/ports', {
      node_uuid: node,
      address: '52:54:00:bb:00:03',
      pxe_enabled: 1,
    });
    expect(num.status).toBe(400);
    const numName = await req('PATCH', `/v1/nodes/${node}`, [{ op: 'replace', path: '/name', value: 12 }]);
    expect(numName.status).toBe(400);
  });

  it.skipIf(!hasCli)('baremetal port create --pxe-enabled true', async () => {
    const { stdout } = await run(
      '/usr/bin/python3',
      [CLI, 'port', 'create', '52:54:00:bb:00:10', '--node', node, '--pxe-enabled', 'true', '-f', 'json'],
      {
        env: {
          PATH: '/usr/bin:/bin',
          HOME: home,
          XDG_CACHE_HOME: join(home, '.cache'),
          OS_ENDPOINT: svc.url,
          OS_AUTH_TYPE: 'none',
        },
        timeout: 120_000,
      },
    );
    expect((JSON.parse(stdout) as { pxe_enabled: boolean }).pxe_enabled).toBe(true);
  });
});
