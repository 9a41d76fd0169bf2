import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootHttpServer, grantLease, readLease, sweepExpiredLeases } from '../src/index.js';

let root: string;
let server: BootHttpServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferric-http-'));
  await mkdir(join(root, 'node-a'));
  await mkdir(join(root, 'node-b'));
  await mkdir(join(root, 'node-c'));
  await writeFile(join(root, 'boot.ipxe'), '#!ipxe\n');
  await writeFile(join(root, 'node-a', 'kernel'), '0123456789');
  await writeFile(join(root, 'node-b', 'kernel'), 'b');
  await writeFile(join(root, 'node-c', 'kernel'), 'c');
  await writeFile(join(root, '.secret'), 'x');
  await grantLease(root, 'node-a', { ttlSeconds: 60 });
  await grantLease(root, 'node-b', { ttlSeconds: -1 });
  await grantLease(root, 'node-c', { ttlSeconds: 60, allowedAddresses: ['192.0.2.9'] });
  server = new BootHttpServer({ root, host: '127.0.0.1', port: 0 });
  await server.start();
});

afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

describe('BootHttpServer', () => {
  it('serves files, HEAD and byte ranges', async () => {
    expect(await (await get('/boot.ipxe')).text()).toBe('#!ipxe\n');
    const head = await fetch(`${server.url}/node-a/kernel`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('10');
    const range = await get('/node-a/kernel', { range: 'bytes=2-4' });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe('234');
    expect(range.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await (await get('/node-a/kernel', { range: 'bytes=-3' })).text()).toBe('789');
    expect((await get('/node-a/kernel', { range: 'bytes=20-' })).status).toBe(416);
    expect((await fetch(`${server.url}/boot.ipxe`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('refuses traversal, dot-files and directories', async () => {
    for (const path of [
      '/../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/node-a/..%2f..%2f..%2fetc%2fpasswd',
      '/.secret',
      '/.leases/node-a.json',
      '/node-a',
      '/missing',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('honours leases: expiry and allowed addresses', async () => {
    expect((await get('/node-b/kernel')).status).toBe(404);
    expect((await get('/node-c/kernel')).status).toBe(404);
    expect(await readLease(root, 'node-a')).toMatchObject({ allowedAddresses: null });
    expect(await sweepExpiredLeases(root)).toEqual(['node-b']);
    expect(await readLease(root, 'node-b')).toBeNull();
    expect(server.requests.length).toBeGreaterThan(0);
  });
});
