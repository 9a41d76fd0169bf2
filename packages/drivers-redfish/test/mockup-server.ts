import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/** DMTF's public mockups: fixtures/redfish-mockups at the repository root (unchanged, BSD-3-Clause). */
export const MOCKUPS = resolve(import.meta.dirname, '../../../fixtures/redfish-mockups');

/** Serves one mockup tree read-only: `/redfish/v1/X` → `<tree>/X/index.json`. No authentication. */
export async function mockupServer(tree: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/\/+$/, '');
    const rel = path.replace(/^\/redfish\/v1/, '');
    const file = join(tree, rel, 'index.json');
    if (req.method !== 'GET' || rel.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'Base.1.8.ResourceMissingAtURI', message: `no ${path}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
