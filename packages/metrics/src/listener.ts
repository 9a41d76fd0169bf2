import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FerricMetrics } from './ferric-metrics.js';

/** Options of {@link startMetricsListener}. @public */
export interface MetricsListenerOptions {
  host: string;
  /** Port (0 = ephemeral). */
  port: number;
  /**
   * Checks the request's `Authorization` header (the API's authenticator, so the same credentials
   * work); resolve `true` to allow. Omitted: no check (only sensible on loopback).
   */
  authorize?: (authorization: string | undefined) => Promise<boolean>;
  /** `WWW-Authenticate` value sent with a 401 (e.g. `Basic realm="ferric"`). */
  challenge?: string | null;
  /** Path served (default `/metrics`). */
  path?: string;
}

/** A running metrics listener. @public */
export interface MetricsListener {
  /** `http://host:port/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on its own address (a conductor process has no API; operators often keep
 * scraping off the API's network). Anything else is 404.
 * @public
 */
export async function startMetricsListener(
  metrics: FerricMetrics,
  options: MetricsListenerOptions,
): Promise<MetricsListener> {
  const path = options.path ?? '/metrics';
  const server = createServer((req, res) => {
    void (async () => {
      const url = (req.url ?? '/').split('?')[0];
      if (url !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
        return;
      }
      const token = req.headers['x-auth-token'];
      const auth =
        req.headers.authorization ?? (typeof token === 'string' && token ? `Bearer ${token}` : undefined);
      if (options.authorize && !(await options.authorize(auth))) {
        res.writeHead(401, {
          'Content-Type': 'text/plain',
          ...(options.challenge ? { 'WWW-Authenticate': options.challenge } : {}),
        });
        res.end('Authentication required\n');
        return;
      }
      const body = await metrics.scrape();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('metrics failed\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${addr.port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
