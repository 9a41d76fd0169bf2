import { createServer, type Server } from 'node:http';
import type { ConductorRpc } from '@ferric/conductor';

/** A running {@link startInspectionCallback} server. @public */
export interface InspectionCallback {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A stand-in for Ironic's `POST /v1/continue_inspection?node_uuid=…` (body `{inventory, …plugin data}`)
 * until `@ferric/api` serves it: forwards the agent's inventory to the conductor's `continueInspection`
 * RPC and answers 202 (400 on a bad body, 404/409 as the RPC fails).
 * @public
 */
export async function startInspectionCallback(
  rpc: ConductorRpc,
  host: string,
  port: number,
): Promise<InspectionCallback> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const node = url.searchParams.get('node_uuid');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const { inventory, ...pluginData } = body;
      if (req.method !== 'POST' || url.pathname !== '/v1/continue_inspection' || !node || !inventory) {
        res.statusCode = 400;
        res.end();
        return;
      }
      rpc.continueInspection({ node, inventory: inventory as Record<string, unknown>, pluginData }).then(
        () => {
          res.statusCode = 202;
          res.end();
        },
        (err: unknown) => {
          res.statusCode = (err as { httpStatus?: number }).httpStatus ?? 500;
          res.end();
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
