import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ImageCache,
  ImageChecksumError,
  ImageDownloadFailed,
  type ImageRequest,
  ImageUnacceptable,
} from '../src/index.js';
import { hasQemuImg, qemuImg } from './qemu-img-helpers.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A plain HTTP server over a folder that counts the requests per path. */
function serveFolder(folder: string): {
  server: Server;
  hits: Map<string, number>;
  url: (name: string) => string;
} {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').slice(1);
    hits.set(name, (hits.get(name) ?? 0) + 1);
    try {
      const body = readFileSync(join(folder, name));
      response.writeHead(200, { 'content-length': body.length }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return {
    server,
    hits,
    url: (name) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`,
  };
}

describe.skipIf(!hasQemuImg)('image cache: download, verify, convert once, share', () => {
  const root = mkdtempSync(join(tmpdir(), 'ferric-image-cache-'));
  const served = join(root, 'served');
  mkdirSync(served);
  // A raw disk whose content is not uniform, so a bad conversion cannot look right by chance.
  const raw = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < raw.length; i += 4096) raw.writeUInt32LE(i, i);
  writeFileSync(join(served, 'disk.raw'), raw);
  // Images are made by qemu-img in beforeAll, not while collecting: a skipped describe's body still runs.
  let qcow2 = Buffer.alloc(0);
  beforeAll(() => {
    qemuImg('convert', '-f', 'raw', '-O', 'qcow2', join(served, 'disk.raw'), join(served, 'disk.qcow2'));
    qcow2 = readFileSync(join(served, 'disk.qcow2'));
    qemuImg(
      'create',
      '-f',
      'qcow2',
      '-b',
      join(served, 'disk.raw'),
      '-F',
      'raw',
      join(served, 'overlay.qcow2'),
    );
    writeFileSync(join(served, 'SHA256SUMS'), `${sha256(raw)}  disk.raw\n${sha256(qcow2)}  disk.qcow2\n`);
  });
  const http = serveFolder(served);
  let cacheNumber = 0;
  const newCache = (maxBytes?: number) =>
    new ImageCache({ directory: join(root, `cache-${cacheNumber++}`), ...(maxBytes ? { maxBytes } : {}) });
  const qcow2Request = (): ImageRequest => ({
    url: http.url('disk.qcow2'),
    diskFormat: 'qcow2',
    checksum: { kind: 'digest', checksum: { algorithm: 'sha256', value: sha256(qcow2) } },
  });

  beforeAll(() => new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => http.server.close(() => resolve())));

  it('turns a verified qcow2 into the raw disk it holds', async () => {
    const cache = newCache();
    const image = await cache.acquire(qcow2Request());
    expect(image.format).toBe('raw');
    expect(readFileSync(image.path).equals(raw)).toBe(true);
    expect(image.verified).toEqual({ algorithm: 'sha256', value: sha256(qcow2) });
    expect(image.sha256).toBe(sha256(raw));
    image.release();
  });

  it('downloads and converts once for four deploys at the same time, then hits', async () => {
    const cache = newCache();
    const before = http.hits.get('disk.qcow2') ?? 0;
    const images = await Promise.all([1, 2, 3, 4].map(() => cache.acquire(qcow2Request())));
    expect(new Set(images.map((image) => image.path)).size).toBe(1);
    expect(http.hits.get('disk.qcow2')).toBe(before + 1);
    for (const image of images) image.release();
    (await cache.acquire(qcow2Request())).release();
    expect(cache.stats()).toMatchObject({ entries: 1, downloads: 1, conversions: 1, hits: 4 });
  });

  it('verifies against a checksum file', async () => {
    const cache = newCache();
    const image = await cache.acquire({
      url: http.url('disk.raw'),
      checksum: { kind: 'url', url: http.url('SHA256SUMS'), algorithm: 'sha256' },
    });
    expect(image.format).toBe('raw');
    expect(cache.stats().conversions).toBe(0);
    image.release();
  });

  it('checks the declared format on a cache hit too', async () => {
    const cache = newCache();
    (await cache.acquire(qcow2Request())).release();
    await expect(cache.acquire({ ...qcow2Request(), diskFormat: 'raw' })).rejects.toThrow(
      /declared as 'raw'/,
    );
    expect(cache.stats().downloads).toBe(1);
  });

  it('refuses a wrong checksum, a backing file and a lying format, leaving nothing behind', async () => {
    const cache = newCache();
    await expect(
      cache.acquire({
        url: http.url('disk.qcow2'),
        checksum: { kind: 'digest', checksum: { algorithm: 'sha256', value: 'e'.repeat(64) } },
      }),
    ).rejects.toThrow(ImageChecksumError);
    await expect(cache.acquire({ url: http.url('overlay.qcow2'), allowUnverified: true })).rejects.toThrow(
      /backing file/,
    );
    await expect(cache.acquire({ ...qcow2Request(), diskFormat: 'raw' })).rejects.toThrow(ImageUnacceptable);
    await expect(cache.acquire({ url: http.url('missing.qcow2'), allowUnverified: true })).rejects.toThrow(
      ImageDownloadFailed,
    );
    await expect(cache.acquire({ url: http.url('disk.raw') })).rejects.toThrow(/has no checksum/);
    expect(cache.stats().entries).toBe(0);
    expect(readdirSync(join(root, `cache-${cacheNumber - 1}`))).toEqual([]);
  });

  it('evicts the least recently used image nobody holds', async () => {
    const cache = newCache(raw.length + 1024);
    const first = await cache.acquire({ url: http.url('disk.raw'), allowUnverified: true });
    const second = await cache.acquire(qcow2Request());
    // Both are held by deploys: over the bound, but nothing may go.
    expect(cache.stats().entries).toBe(2);
    first.release();
    await expect.poll(() => cache.stats().evictions).toBe(1);
    expect(cache.stats().entries).toBe(1);
    second.release();
  });

  it('survives a restart: keeps finished images, drops unfinished work', async () => {
    const directory = join(root, 'restart');
    const cache = new ImageCache({ directory });
    (await cache.acquire(qcow2Request())).release();
    mkdirSync(join(directory, '.incoming-crashed-1234'));
    writeFileSync(join(directory, '.incoming-crashed-1234', 'original'), 'half');
    const reopened = await new ImageCache({ directory }).open();
    const image = await reopened.acquire(qcow2Request());
    expect(reopened.stats()).toMatchObject({ downloads: 0, hits: 1, entries: 1 });
    expect(readFileSync(image.path).equals(raw)).toBe(true);
    expect(readdirSync(directory).some((name) => name.startsWith('.incoming-'))).toBe(false);
    image.release();
  });
});
