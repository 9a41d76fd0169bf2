import { MAX_MINOR, MIN_MINOR, VERSION_HEADERS, versionString } from './versioning.js';

/** A route as registered with Fastify (collected by an `onRoute` hook). */
export interface RouteRecord {
  method: string | string[];
  url: string;
  schema?: {
    body?: unknown;
    querystring?: unknown;
    params?: unknown;
    summary?: string;
    tags?: string[];
  };
}

type Schema = { properties?: Record<string, unknown>; required?: string[] };

/**
 * Builds an OpenAPI 3.1 document from the routes and the very JSON Schemas Fastify validates
 * requests with, so the published contract cannot drift from the enforced one.
 */
export function buildOpenApi(routes: readonly RouteRecord[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = {
    description: 'Ironic error: `error_message` holds a JSON document {faultcode, faultstring, debuginfo}',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['error_message'],
          properties: { error_message: { type: 'string' } },
        },
      },
    },
  };
  for (const r of routes) {
    if (r.url.endsWith('*')) continue;
    // Only the REST API itself (not /metrics or the console's pages).
    if (r.url !== '/' && r.url !== '/v1' && !r.url.startsWith('/v1/')) continue;
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter(
      (m) => m !== 'HEAD' && m !== 'OPTIONS',
    );
    for (const method of methods) {
      const s = r.schema ?? {};
      const parameters: Record<string, unknown>[] = [
        {
          name: VERSION_HEADERS.version,
          in: 'header',
          required: false,
          description: `Microversion 1.${MIN_MINOR}..1.${MAX_MINOR} or "latest" (default 1.${MIN_MINOR}).`,
          schema: { type: 'string' },
        },
      ];
      const params = s.params as Schema | undefined;
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
        parameters.push({
          name,
          in: 'path',
          required: true,
          schema: params?.properties?.[name] ?? { type: 'string' },
        });
      }
      const qs = s.querystring as Schema | undefined;
      for (const [name, schema] of Object.entries(qs?.properties ?? {})) {
        parameters.push({ name, in: 'query', required: qs?.required?.includes(name) ?? false, schema });
      }
      const op: Record<string, unknown> = {
        summary: s.summary ?? `${method} ${path}`,
        tags: s.tags ?? [],
        parameters,
        responses: {
          '200': { description: 'OK' },
          '400': errorResponse,
          '401': errorResponse,
          '404': errorResponse,
          '406': errorResponse,
          '409': errorResponse,
          '503': errorResponse,
        },
      };
      if (s.body) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
      const entry = paths[path] ?? {};
      entry[method.toLowerCase()] = op;
      paths[path] = entry;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ferric Bare Metal API (Ironic-compatible)',
      version: versionString(MAX_MINOR),
      description:
        'OpenStack Ironic API v1 as served by Ferric. Microversions via X-OpenStack-Ironic-API-Version.',
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
