import type { FastifyInstance, FastifyRequest } from 'fastify';
import { baseUrl, type RouteContext } from '../context.js';
import { MAX_MINOR, MIN_MINOR, versionString } from '../versioning.js';

/** Resources linked from `/v1` with the microversion they appear at. */
const RESOURCES: [string, number][] = [
  ['nodes', 1],
  ['ports', 1],
  ['chassis', 1],
  ['drivers', 1],
  ['lookup', 22],
  ['heartbeat', 22],
  ['volume', 32],
  ['portgroups', 23],
  ['conductors', 49],
  ['allocations', 52],
  ['events', 54],
  ['deploy_templates', 55],
  ['shards', 82],
];

function versionDoc(base: string) {
  return {
    id: 'v1',
    links: [{ href: `${base}/v1/`, rel: 'self' }],
    status: 'CURRENT',
    min_version: versionString(MIN_MINOR),
    version: versionString(MAX_MINOR),
  };
}

/** `GET /` and `GET /v1`: Ironic's version discovery documents. */
export function registerRootRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/', { schema: { summary: 'API versions', tags: ['root'] } }, async (request: FastifyRequest) => {
    const base = baseUrl(ctx, request);
    return {
      name: 'OpenStack Ironic API',
      description: 'Ferric: bare-metal provisioning with an Ironic-compatible API.',
      default_version: versionDoc(base),
      versions: [versionDoc(base)],
    };
  });
  app.get(
    '/v1',
    { schema: { summary: 'API v1 resources', tags: ['root'] } },
    async (request: FastifyRequest) => {
      const base = baseUrl(ctx, request);
      const doc: Record<string, unknown> = {
        id: 'v1',
        links: [
          { href: `${base}/v1/`, rel: 'self' },
          {
            href: 'https://docs.openstack.org//ironic/latest/contributor//webapi.html',
            rel: 'describedby',
            type: 'text/html',
          },
          { href: `${base}/v1/openapi.json`, rel: 'describedby', type: 'application/openapi+json' },
        ],
        media_types: { base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' },
      };
      for (const [name, minor] of RESOURCES) {
        if (request.apiMinor < minor) continue;
        doc[name] = [
          { href: `${base}/v1/${name}/`, rel: 'self' },
          { href: `${base}/${name}/`, rel: 'bookmark' },
        ];
      }
      doc.version = versionDoc(base);
      return doc;
    },
  );
}
