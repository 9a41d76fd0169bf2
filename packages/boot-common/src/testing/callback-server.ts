import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call-back a test ramdisk made. @public */
export interface Callback {
  path: string;
  /** The body: the ramdisk's `/proc/cmdline`. */
  body: string;
}

/** A local HTTP server test ramdisks call back to. @public */
export interface CallbackServer {
  /** The port on 127.0.0.1; a QEMU user-mode guest reaches it at `http://10.0.2.2:<port>`. */
  readonly port: number;
  /** URL for the guest: `http://10.0.2.2:<port>/callback/<name>`. */
  guestUrl(name: string): string;
  /** Calls received so far. */
  readonly calls: readonly Callback[];
  close(): Promise<void>;
}

/** Start a {@link CallbackServer} on 127.0.0.1. @public */
export async function startCallbackServer(): Promise<CallbackServer> {
  const calls: Callback[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body });
      res.end('ok\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    guestUrl: (name) => `http://10.0.2.2:${port}/callback/${name}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
