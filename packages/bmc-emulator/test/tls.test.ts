import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../src/index.js';

const run = promisify(execFile);
let dir = '';
let missing: string | undefined;
let key = '';
let cert = '';
try {
  dir = await mkdtemp(join(tmpdir(), 'ferric-bmc-tls-'));
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
  key = await readFile(join(dir, 'key.pem'), 'utf8');
  cert = await readFile(join(dir, 'cert.pem'), 'utf8');
} catch (e) {
  missing = e instanceof Error ? e.message.split('\n')[0] : String(e);
  console.warn(`SKIP TLS checks: cannot make a test certificate with openssl (${missing})`);
}

function get(url: string, options: { ca?: string; rejectUnauthorized?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ...options, headers: { Authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(missing !== undefined)('HTTPS', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ count: 1, tls: { key, cert } });
  });
  afterAll(async () => {
    await fleet?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves Redfish over TLS; clients that verify need the CA', async () => {
    const bmc = fleet.bmcs[0]!;
    expect(bmc.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(get(`${bmc.url}${bmc.systemPath}`, {})).rejects.toThrow(/self[- ]signed/i);
    expect(await get(`${bmc.url}${bmc.systemPath}`, { ca: cert })).toBe(200);
    expect(await get(`${bmc.url}/redfish/v1/`, { rejectUnauthorized: false })).toBe(200);
  });
});
