import type { IncomingMessage } from 'node:http';

/** Microversion from which a `.json` suffix is part of the resource id (Ironic 1.91). */
export const DOT_JSON_MINOR = 91;

/**
 * Ironic before 1.91 drops a `.json` suffix from the path (what pecan's content-type guessing used to
 * do), but only when the legacy `X-OpenStack-Ironic-API-Version` header names such a version. Returns
 * the URL to route, and records the stripped requests in `stripped` so a lookup can retry with the
 * suffix (a node may really be named `x.json`).
 */
export function stripJsonSuffix(
  req: IncomingMessage,
  stripped: WeakSet<IncomingMessage>,
  url: string = req.url ?? '/',
): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '');
  if (!path.endsWith('.json') || path === '/v1/openapi.json') return url;
  const header = req.headers['x-openstack-ironic-api-version'];
  const m = /^\s*1\.(\d+)\s*$/.exec(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  const minor = m ? Number(m[1]) : 0;
  if (minor === 0 || minor >= DOT_JSON_MINOR) return url;
  stripped.add(req);
  return path.slice(0, -'.json'.length) + (q < 0 ? '' : url.slice(q));
}
