import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Options of {@link downloadImage}. */
export interface DownloadOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Keep a copy in a fresh temporary directory and return its path. */
  keepFile?: boolean;
  /** Called with (bytes so far, total bytes or undefined) while downloading. */
  onProgress?: (received: number, total: number | undefined) => void;
}

/** What {@link downloadImage} fetched. */
export interface DownloadResult {
  /** Bytes received. */
  size: number;
  /** Path of the local copy, when asked for. */
  path?: string;
}

/** Why a download failed, in words fit for a Redfish message. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/**
 * Downloads `url` the way a BMC does for virtual media and firmware: the whole body must arrive with a
 * 2xx status. Only `http:` and `https:` are supported.
 */
export async function downloadImage(url: string, options: DownloadOptions): Promise<DownloadResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError('not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DownloadError(`transfer protocol ${parsed.protocol.replace(':', '')} is not supported`);
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(parsed, { signal, redirect: 'follow' });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    throw new DownloadError(`could not connect: ${cause}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(`HTTP status ${response.status}`);
  }
  const totalHeader = response.headers.get('content-length');
  const total = totalHeader ? Number(totalHeader) : undefined;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      options.onProgress?.(received, total);
      done(null, options.keepFile ? chunk : undefined);
    },
  });
  let path: string | undefined;
  try {
    const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    if (options.keepFile) {
      const dir = await mkdtemp(join(tmpdir(), 'ferric-bmc-media-'));
      path = join(dir, basename(parsed.pathname) || 'image');
      await pipeline(source, counter, createWriteStream(path));
    } else {
      await pipeline(source, counter, async (chunks: AsyncIterable<unknown>) => {
        for await (const _ of chunks) {
          /* drain */
        }
      });
    }
  } catch (e) {
    throw new DownloadError(`transfer failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (total !== undefined && received !== total) {
    throw new DownloadError(`transfer truncated (${received} of ${total} bytes)`);
  }
  return path === undefined ? { size: received } : { size: received, path };
}
