import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '@ferric/core';
import { resolveInside } from '../fs/safe-path.js';
import { leaseAllows, readLease } from './leases.js';

/** Options of {@link BootHttpServer}. @public */
export interface BootHttpServerOptions {
  /** Directory to serve (usually `getBootConfig().httpRoot`). */
  root: string;
  /** Address to bind. Default `0.0.0.0`; use `127.0.0.1` in tests. */
  host?: string;
  /** Port; `0` picks a free one. Default 8088. */
  port?: number;
  logger?: Logger;
}

/** One request the server answered, for logs and tests. @public */
export interface BootHttpRequestLog {
  method: string;
  path: string;
  status: number;
  client: string | undefined;
}

const TYPES: Record<string, string> = {
  '.ipxe': 'text/plain; charset=utf-8',
  '.cfg': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.iso': 'application/octet-stream',
};

function contentType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 ? TYPES[path.slice(dot)] : undefined) ?? 'application/octet-stream';
}

/**
 * The boot HTTP file service: serves iPXE scripts, kernels, ramdisks, ISOs and
 * images from one directory. Read-only (GET/HEAD, single byte ranges for BMCs
 * that fetch virtual media in pieces), path-traversal safe (nothing outside the
 * root, no dot-files), and honours per-node leases: a directory with a lease is
 * served only until it expires and only to its allowed addresses. Embed it in a
 * conductor or run it alone (`ferric-boot-services`).
 * @public
 */
export class BootHttpServer {
  private server: Server | null = null;
  private readonly logger: Logger;
  /** Every answered request, newest last (bounded to 1000). */
  readonly requests: BootHttpRequestLog[] = [];

  constructor(private readonly options: BootHttpServerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Start listening; resolves once bound. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'boot HTTP request failed');
        if (!res.headersSent) this.finish(req, res, 500);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 8088, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Stop listening and drop open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The bound address. */
  address(): AddressInfo {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('BootHttpServer is not listening.');
    return address;
  }

  /** `http://host:port` of the bound address (as seen from this host). */
  get url(): string {
    const { address, port } = this.address();
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  private record(req: IncomingMessage, status: number): void {
    const entry = {
      method: req.method ?? '?',
      path: req.url ?? '',
      status,
      client: req.socket.remoteAddress,
    };
    this.requests.push(entry);
    if (this.requests.length > 1000) this.requests.shift();
    this.logger.debug(entry, 'boot HTTP request');
  }

  private finish(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string> = {},
  ): void {
    this.record(req, status);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(req.method === 'HEAD' ? undefined : `${status}\n`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.finish(req, res, 405, { allow: 'GET, HEAD' });
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return this.finish(req, res, 400);
    }
    const segments = path.split('/').filter(Boolean);
    if (segments.length === 0 || segments.some((s) => s.startsWith('.'))) return this.finish(req, res, 404);
    let file: string;
    try {
      file = await resolveInside(this.options.root, path);
    } catch {
      return this.finish(req, res, 404);
    }
    if (segments.length > 1) {
      const lease = await readLease(this.options.root, segments[0]!);
      if (lease && !leaseAllows(lease, req.socket.remoteAddress)) return this.finish(req, res, 404);
    }
    const info = await stat(file);
    if (!info.isFile()) return this.finish(req, res, 404);

    let start = 0;
    let end = info.size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!match || (match[1] === '' && match[2] === '')) {
        return this.finish(req, res, 416, { 'content-range': `bytes */${info.size}` });
      }
      if (match[1] === '') {
        start = Math.max(0, info.size - Number(match[2]));
      } else {
        start = Number(match[1]);
        if (match[2] !== '') end = Math.min(end, Number(match[2]));
      }
      if (start > end || start >= info.size) {
        return this.finish(req, res, 416, { 'content-range': `bytes */${info.size}` });
      }
      status = 206;
    }
    this.record(req, status);
    const headers: Record<string, string> = {
      'content-type': contentType(file),
      'content-length': String(info.size === 0 ? 0 : end - start + 1),
      'accept-ranges': 'bytes',
      'last-modified': info.mtime.toUTCString(),
      'cache-control': 'no-store',
    };
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${info.size}`;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || info.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(file, { start, end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
