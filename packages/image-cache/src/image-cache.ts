import { createHash, type Hash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { type Logger, silentLogger } from '@ferric/core';
import {
  assertDigest,
  type ChecksumPolicy,
  type ChecksumSource,
  digestFromChecksumFile,
  type ImageChecksum,
} from './checksum.js';
import { ImageDownloadFailed } from './errors.js';
import { assertSafeImage, type DiskFormat, inspectImageFile } from './format-inspector.js';
import { convertImage } from './qemu-img.js';

/** Options of an {@link ImageCache}. @public */
export interface ImageCacheOptions {
  /** Directory the cache owns (one per conductor; created when missing). */
  readonly directory: string;
  /**
   * Soft size bound in bytes: least recently used images nobody is deploying are
   * evicted above it (Ironic's `[pxe]image_cache_size`, default 20 GiB).
   */
  readonly maxBytes?: number;
  /** The `qemu-img` executable. */
  readonly qemuImg?: string;
  /** Give up a download after this long (default 30 minutes). */
  readonly downloadTimeoutMs?: number;
  /** Checksum policy (md5 is refused unless allowed). */
  readonly checksumPolicy?: ChecksumPolicy;
  /** Where to log downloads, conversions and evictions. */
  readonly logger?: Logger;
}

/** One image to deploy. @public */
export interface ImageRequest {
  /** `http(s)://` or `file://` URL of the image (`instance_info.image_source`). */
  readonly url: string;
  /** The checksum to verify before the image is used; required unless `allowUnverified`. */
  readonly checksum?: ChecksumSource;
  /** Explicitly accept an image without a checksum (operator-served images). */
  readonly allowUnverified?: boolean;
  /** The declared format (`instance_info.image_disk_format`); the content must match it. */
  readonly diskFormat?: string;
  /** Convert qcow2 to raw in the cache (Ironic's `force_raw_images`, default true). */
  readonly forceRaw?: boolean;
}

/** A cached image held for one deploy: call {@link CachedImage.release} when done. @public */
export interface CachedImage {
  /** Path of the cached file (raw unless `forceRaw` was false). */
  readonly path: string;
  /** Format of the cached file. */
  readonly format: DiskFormat;
  /** Size of the cached file in bytes. */
  readonly size: number;
  /** The digest that was verified (of the image as downloaded), if any. */
  readonly verified?: ImageChecksum;
  /** sha256 of the cached file itself, for whoever reads it next (the agent checks it after writing). */
  readonly sha256: string;
  /** Let the cache evict this image again once no deploy holds it. Idempotent. */
  release(): void;
}

/** Counters of an {@link ImageCache}, for tests, metrics and benchmarks. @public */
export interface ImageCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly downloads: number;
  readonly conversions: number;
  readonly hits: number;
  readonly evictions: number;
}

interface EntryMeta {
  readonly url: string;
  /** Format of the image as downloaded (what `image_disk_format` must say). */
  readonly sourceFormat: DiskFormat;
  readonly format: DiskFormat;
  readonly size: number;
  readonly sha256: string;
  readonly verified?: ImageChecksum;
}

interface Entry extends EntryMeta {
  readonly key: string;
  lastUsed: number;
  holders: number;
}

const DEFAULT_MAX_BYTES = 20 * 1024 ** 3;
const TEMP_PREFIX = '.incoming-';

/**
 * The conductor's image cache: each image is downloaded, verified, inspected and
 * (for qcow2) converted to raw **once**, then shared by every node deploying it.
 *
 * - Concurrent requests for one image wait for the same download.
 * - Work happens in a temporary folder and lands with an atomic rename, so a
 *   crash or restart never leaves a half-written image where a deploy could use
 *   it; {@link ImageCache.open} removes leftovers.
 * - Above `maxBytes`, least recently used images that no deploy holds are evicted.
 *
 * Give each conductor its own directory; two processes must not share one.
 * @public
 */
export class ImageCache {
  private readonly directory: string;
  private readonly maxBytes: number;
  private readonly logger: Logger;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  private counters = { downloads: 0, conversions: 0, hits: 0, evictions: 0 };
  private opening: Promise<this> | undefined;

  constructor(private readonly options: ImageCacheOptions) {
    this.directory = options.directory;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Create the directory, drop unfinished work from a previous run and index what is cached.
   * Runs once; {@link ImageCache.acquire} calls it when needed.
   */
  open(): Promise<this> {
    this.opening ??= this.load();
    return this.opening;
  }

  private async load(): Promise<this> {
    await mkdir(this.directory, { recursive: true });
    for (const name of await readdir(this.directory)) {
      if (name.startsWith(TEMP_PREFIX))
        await rm(join(this.directory, name), { recursive: true, force: true });
    }
    for (const name of await readdir(this.directory)) {
      if (!name.endsWith('.json')) continue;
      const key = name.slice(0, -'.json'.length);
      try {
        const meta = JSON.parse(await readFile(join(this.directory, name), 'utf8')) as EntryMeta;
        const info = await stat(this.imagePath(key));
        if (info.size !== meta.size || !meta.sourceFormat || !meta.sha256) throw new Error('stale entry');
        this.entries.set(key, { ...meta, key, lastUsed: info.mtimeMs, holders: 0 });
      } catch {
        await this.removeFiles(key);
      }
    }
    return this;
  }

  /** Counters since {@link ImageCache.open}. */
  stats(): ImageCacheStats {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.size;
    return { entries: this.entries.size, bytes, ...this.counters };
  }

  /**
   * The image ready to deploy: from the cache, or downloaded, verified, inspected
   * and converted now. The caller must {@link CachedImage.release} it.
   * @throws `ImageChecksumError`, `ImageUnacceptable`, `ImageDownloadFailed`, `ImageConvertFailed`;
   *   nothing is left in the cache after a failure.
   */
  async acquire(request: ImageRequest): Promise<CachedImage> {
    await this.open();
    if (request.checksum === undefined && !request.allowUnverified) {
      throw new ImageDownloadFailed(
        `Image ${redactUrl(request.url)} has no checksum: set image_os_hash_algo and image_os_hash_value (or image_checksum).`,
      );
    }
    const key = cacheKey(request);
    let entry = this.entries.get(key);
    if (entry) {
      this.counters.hits += 1;
    } else {
      let pending = this.inflight.get(key);
      if (!pending) {
        pending = this.fill(key, request).finally(() => this.inflight.delete(key));
        this.inflight.set(key, pending);
      } else {
        this.counters.hits += 1;
      }
      entry = await pending;
    }
    // A cached image was inspected once; each request's declared format is still checked.
    if (request.diskFormat !== undefined && request.diskFormat !== entry.sourceFormat) {
      assertSafeImage({ format: entry.sourceFormat }, request.diskFormat, `Image ${redactUrl(request.url)}`);
    }
    return this.hold(entry);
  }

  private hold(entry: Entry): CachedImage {
    entry.holders += 1;
    entry.lastUsed = Date.now();
    const path = this.imagePath(entry.key);
    // Keep the LRU order across restarts; a failure here only costs ordering.
    void utimes(path, new Date(), new Date()).catch(() => {});
    let released = false;
    return {
      path,
      format: entry.format,
      size: entry.size,
      sha256: entry.sha256,
      ...(entry.verified ? { verified: entry.verified } : {}),
      release: () => {
        if (released) return;
        released = true;
        entry.holders -= 1;
        void this.evict();
      },
    };
  }

  private async fill(key: string, request: ImageRequest): Promise<Entry> {
    const work = join(this.directory, `${TEMP_PREFIX}${key}-${randomBytes(4).toString('hex')}`);
    await mkdir(work);
    try {
      const expected = await this.expectedDigest(request);
      const original = join(work, 'original');
      const digests = await this.download(request.url, original, expected?.algorithm);
      if (expected) assertDigest(digests.expected, expected, `Image ${redactUrl(request.url)}`);
      const info = await inspectImageFile(original);
      assertSafeImage(info, request.diskFormat, `Image ${redactUrl(request.url)}`);
      let ready = original;
      let format = info.format;
      let sha256 = digests.sha256;
      if (info.format !== 'raw' && request.forceRaw !== false) {
        ready = join(work, 'raw');
        await convertImage(original, info.format, ready, {
          ...(this.options.qemuImg ? { qemuImg: this.options.qemuImg } : {}),
        });
        this.counters.conversions += 1;
        format = 'raw';
        sha256 = await hashFile(ready);
      }
      const { size } = await stat(ready);
      const meta: EntryMeta = {
        url: redactUrl(request.url),
        sourceFormat: info.format,
        format,
        size,
        sha256,
        ...(expected ? { verified: expected } : {}),
      };
      await rename(ready, this.imagePath(key));
      // The metadata lands last: an image without it is dropped by open().
      await writeFile(join(work, 'meta.json'), JSON.stringify(meta));
      await rename(join(work, 'meta.json'), join(this.directory, `${key}.json`));
      const entry: Entry = { ...meta, key, lastUsed: Date.now(), holders: 0 };
      this.entries.set(key, entry);
      this.logger.info({ image: meta.url, format, size }, 'image cached');
      return entry;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async expectedDigest(request: ImageRequest): Promise<ImageChecksum | undefined> {
    const source = request.checksum;
    if (!source) return undefined;
    if (source.kind === 'digest') return source.checksum;
    const text = (await this.readUrl(source.url)).toString('utf8');
    return digestFromChecksumFile(text, request.url, source.algorithm, this.options.checksumPolicy);
  }

  private async readUrl(url: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openUrl(url)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async openUrl(url: string): Promise<Readable> {
    if (url.startsWith('file://')) return createReadStream(fileURLToPath(url));
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.options.downloadTimeoutMs ?? 30 * 60_000),
      });
    } catch (cause) {
      throw new ImageDownloadFailed(`Cannot download ${redactUrl(url)}: ${(cause as Error).message}`, {
        cause,
      });
    }
    if (!response.ok || !response.body) {
      throw new ImageDownloadFailed(`Cannot download ${redactUrl(url)}: HTTP ${response.status}.`, {
        details: { status: response.status },
      });
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  /**
   * Stream `url` to `target`, hashing on the way: the expected algorithm's digest (empty without
   * one) and sha256 (what the cache hands on), in one pass.
   */
  private async download(
    url: string,
    target: string,
    algorithm?: string,
  ): Promise<{ expected: string; sha256: string }> {
    const sha256 = createHash('sha256');
    const hash: Hash | undefined = algorithm && algorithm !== 'sha256' ? createHash(algorithm) : undefined;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha256.update(chunk);
        hash?.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(await this.openUrl(url), hasher, createWriteStream(target));
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ImageDownloadFailed') throw cause;
      throw new ImageDownloadFailed(`Download of ${redactUrl(url)} failed: ${(cause as Error).message}`, {
        cause,
      });
    }
    this.counters.downloads += 1;
    const sha256Hex = sha256.digest('hex');
    return {
      sha256: sha256Hex,
      expected: hash ? hash.digest('hex') : algorithm === 'sha256' ? sha256Hex : '',
    };
  }

  /** Evict least recently used images nobody holds until the cache fits its bound. */
  private async evict(): Promise<void> {
    let bytes = this.stats().bytes;
    const candidates = [...this.entries.values()]
      .filter((entry) => entry.holders === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of candidates) {
      if (bytes <= this.maxBytes) break;
      this.entries.delete(entry.key);
      bytes -= entry.size;
      this.counters.evictions += 1;
      await this.removeFiles(entry.key);
      this.logger.info({ image: entry.url, size: entry.size }, 'image evicted from the cache');
    }
  }

  private imagePath(key: string): string {
    return join(this.directory, `${key}.img`);
  }

  private async removeFiles(key: string): Promise<void> {
    await rm(join(this.directory, `${key}.json`), { force: true });
    await rm(this.imagePath(key), { force: true });
  }
}

/** sha256 of a file, read as a stream. */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One cache entry per image URL, checksum and output format. */
function cacheKey(request: ImageRequest): string {
  const checksum =
    request.checksum === undefined
      ? ''
      : request.checksum.kind === 'digest'
        ? `${request.checksum.checksum.algorithm}:${request.checksum.checksum.value}`
        : `url:${request.checksum.url}`;
  const output = request.forceRaw === false ? 'original' : 'raw';
  return createHash('sha256').update(`${request.url}\0${checksum}\0${output}`).digest('hex').slice(0, 40);
}

/** A URL without user info or query string (which may carry tokens) for messages and logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}
