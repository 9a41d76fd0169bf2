import { execFile } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { promisify } from 'node:util';

export const exec = promisify(execFile);

export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * The BMC's view of the provisioning network: the emulated BMCs run in this process on the host, where
 * the guests' 10.0.2.2 (QEMU user networking's alias of the host) is 127.0.0.1. Virtual-media URLs
 * Ferric hands them are rewritten accordingly; nothing else in this process talks to 10.0.2.2.
 */
export function mapGuestHostForBmc(): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const raw = input instanceof Request ? null : new URL(String(input));
    if (raw && raw.hostname === '10.0.2.2') {
      raw.hostname = '127.0.0.1';
      return realFetch(raw, init);
    }
    return realFetch(input, init);
  }) as typeof fetch;
  return () => {
    globalThis.fetch = realFetch;
  };
}

/** A static file server on 127.0.0.1 (the image store; guests reach it at 10.0.2.2). */
export async function serveFile(
  path: string,
  urlPath: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== urlPath) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-length', String(statSync(path).size));
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
