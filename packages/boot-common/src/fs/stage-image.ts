import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { getBootConfig } from '../config.js';
import { ImageStagingError } from '../errors.js';
import { linkOrCopyAtomic } from './atomic.js';

/** True for `http://` and `https://` sources. @public */
export function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function localPath(source: string): string {
  if (source.startsWith('file://')) return fileURLToPath(source);
  if (isAbsolute(source)) return source;
  throw new ImageStagingError(
    `Image source '${source}' is neither an absolute path nor a file:// or http(s):// URL.`,
  );
}

const inflight = new Map<string, Promise<string>>();

async function download(url: string, cacheDir: string): Promise<string> {
  const cached = join(cacheDir, createHash('sha256').update(url).digest('hex'));
  try {
    await stat(cached);
    return cached;
  } catch {
    // not cached yet
  }
  await mkdir(cacheDir, { recursive: true });
  const temp = `${cached}.${randomBytes(6).toString('hex')}.part`;
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) {
      throw new ImageStagingError(`Downloading ${url} failed: HTTP ${response.status}.`);
    }
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      createWriteStream(temp),
    );
    await rename(temp, cached);
    return cached;
  } catch (cause) {
    await rm(temp, { force: true });
    if (cause instanceof ImageStagingError) throw cause;
    throw new ImageStagingError(`Downloading ${url} failed: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Put the image `source` (absolute path, `file://` or `http(s)://` URL) at
 * `target` atomically. URLs are downloaded once into the master image cache
 * (`imageCacheDir`, keyed by URL) and hard-linked from there, like Ironic's
 * master image cache; local files are hard-linked (or copied across file systems).
 * @throws {@link ImageStagingError} when the source cannot be read or downloaded.
 * @public
 */
export async function stageImage(source: string, target: string): Promise<void> {
  let path: string;
  if (isHttpUrl(source)) {
    let pending = inflight.get(source);
    if (!pending) {
      pending = download(source, getBootConfig().imageCacheDir).finally(() => inflight.delete(source));
      inflight.set(source, pending);
    }
    path = await pending;
  } else {
    path = localPath(source);
  }
  try {
    await linkOrCopyAtomic(path, target);
  } catch (cause) {
    throw new ImageStagingError(`Cannot stage ${source} at ${target}: ${(cause as Error).message}`, {
      cause,
    });
  }
}
