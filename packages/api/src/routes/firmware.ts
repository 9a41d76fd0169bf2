import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOrNotFound } from '../context.js';
import { badRequest } from '../errors.js';
import { nodeIdentParams } from '../schemas.js';

type P = { Params: { node_ident: string }; Querystring: { fields?: string; detail?: string } };

/** `driver_internal_info` key where firmware interfaces cache the component versions. */
const COMPONENTS_KEY = 'firmware_components';
/** Fields of a component (Ironic's firmware `_DEFAULT_RETURN_FIELDS`) and of 1.114. */
const FIELDS = ['component', 'initial_version', 'current_version', 'last_version_flashed'];
const IDENTITY_FIELDS = ['vendor', 'model', 'serial_number'];

/**
 * `GET /v1/nodes/{id}/firmware` (1.86): the firmware components the node's firmware interface last
 * read from the hardware (it caches them when it reads or updates firmware). 1.114 adds each
 * component's `vendor`, `model` and `serial_number`.
 */
export function registerFirmwareRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<P>(
    '/v1/nodes/:node_ident/firmware',
    {
      schema: {
        params: nodeIdentParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { fields: { type: 'string', maxLength: 1024 }, detail: { type: 'string' } },
        },
        summary: "The node's firmware components",
        tags: ['nodes'],
      },
    },
    async (request: FastifyRequest<P>) => {
      requireVersionOrNotFound(request, 86, 'The API version does not allow node firmware');
      const identity = request.apiMinor >= 114;
      const allowed = identity ? [...FIELDS, ...IDENTITY_FIELDS, 'created_at', 'updated_at'] : FIELDS;
      let shown = identity ? [...FIELDS, ...IDENTITY_FIELDS] : FIELDS;
      if (request.query.fields !== undefined) {
        const asked = request.query.fields.split(',').map((f) => f.trim());
        const early = asked.filter((f) => IDENTITY_FIELDS.includes(f));
        if (!identity && early.length)
          throw badRequest(
            `Fields ${early.sort().join(', ')} are not allowed in this API version. They require at least API version 1.114.`,
          );
        const unknown = asked.filter((f) => !allowed.includes(f) && f !== 'created_at' && f !== 'updated_at');
        if (unknown.length) throw badRequest(`Field(s) "${unknown.join(', ')}" are not valid`);
        shown = asked;
      }
      const node = await ctx.backend.inventory.getNode(request.params.node_ident);
      const cached = node.driverInternalInfo[COMPONENTS_KEY];
      const components = Array.isArray(cached) ? cached : [];
      return {
        firmware: components.map((raw) => {
          const c = (raw ?? {}) as Record<string, unknown>;
          const full: Record<string, unknown> = {
            component: c.component ?? null,
            // A component first read at version v started there.
            initial_version: c.initial_version ?? c.current_version ?? null,
            current_version: c.current_version ?? null,
            last_version_flashed: c.last_version_flashed ?? null,
            vendor: c.vendor ?? null,
            model: c.model ?? null,
            serial_number: c.serial_number ?? null,
            created_at: c.created_at ?? null,
            updated_at: c.updated_at ?? null,
          };
          return Object.fromEntries(shown.map((f) => [f, full[f]]));
        }),
      };
    },
  );
}
