import type { ConductorRecord } from '@ferric/conductor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOr404, viewContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields } from '../listing.js';
import { conductorListQuery, fieldsQuery } from '../schemas.js';
import { isoTime, resourceLinks } from '../util.js';

const ALL_FIELDS = ['hostname', 'conductor_group', 'alive', 'drivers', 'created_at', 'updated_at', 'links'];
const DEFAULT_FIELDS = ['hostname', 'conductor_group', 'alive', 'links'];

function render(c: ConductorRecord, base: string, fields: readonly string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    hostname: c.hostname,
    conductor_group: c.conductorGroup,
    alive: c.alive,
    drivers: [...c.drivers].sort(),
    created_at: isoTime(c.createdAt),
    updated_at: isoTime(c.updatedAt),
    links: resourceLinks(base, `conductors/${c.hostname}`),
  };
  return Object.fromEntries(Object.entries(full).filter(([k]) => fields.includes(k)));
}

/** Conductors (1.49): list and show with `alive`, `drivers`, `conductor_group`. */
export function registerConductorRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory } = ctx.backend;
  app.get<{ Querystring: Record<string, string | number | undefined> }>(
    '/v1/conductors',
    { schema: { querystring: conductorListQuery, summary: 'List conductors', tags: ['conductors'] } },
    async (request: FastifyRequest<{ Querystring: Record<string, string | number | undefined> }>) => {
      requireVersionOr404(request, 49);
      const q = request.query;
      const fields = parseFields(q.fields as string | undefined, ALL_FIELDS, request.apiMinor);
      const detail = parseDetail(q.detail as string | undefined, fields, request.apiMinor);
      if (
        q.sort_key !== undefined &&
        !['hostname', 'conductor_group', 'created_at'].includes(String(q.sort_key))
      ) {
        throw badRequest(`The sort_key value "${q.sort_key}" is an invalid field for sorting`);
      }
      const key = (q.sort_key as 'hostname' | 'conductor_group' | 'created_at' | undefined) ?? 'hostname';
      const dir = q.sort_dir === 'desc' ? -1 : 1;
      let all = (await inventory.listConductors()).sort((a, b) => {
        const va =
          key === 'created_at'
            ? a.createdAt.getTime()
            : a[key === 'hostname' ? 'hostname' : 'conductorGroup'];
        const vb =
          key === 'created_at'
            ? b.createdAt.getTime()
            : b[key === 'hostname' ? 'hostname' : 'conductorGroup'];
        return (va < vb ? -1 : va > vb ? 1 : a.hostname.localeCompare(b.hostname)) * dir;
      });
      if (q.marker !== undefined) {
        const idx = all.findIndex((c) => c.hostname === q.marker);
        if (idx < 0) throw notFound(`Conductor ${q.marker} could not be found.`);
        all = all.slice(idx + 1);
      }
      const limit = effectiveLimit(q.limit);
      const page = all.slice(0, limit);
      const base = viewContext(ctx, request).base;
      const shown = fields ?? (detail ? ALL_FIELDS : DEFAULT_FIELDS);
      const body: Record<string, unknown> = { conductors: page.map((c) => render(c, base, shown)) };
      const next = nextLink(
        base,
        'conductors',
        q,
        limit,
        page.length === limit && all.length > limit ? page[page.length - 1]!.hostname : null,
      );
      if (next) body.next = next;
      return body;
    },
  );
  app.get<{ Params: { hostname: string }; Querystring: { fields?: string } }>(
    '/v1/conductors/:hostname',
    { schema: { querystring: fieldsQuery, summary: 'Show a conductor', tags: ['conductors'] } },
    async (request) => {
      requireVersionOr404(request, 49);
      const fields = parseFields(request.query.fields, ALL_FIELDS, request.apiMinor);
      const c = await inventory.getConductor(request.params.hostname);
      return render(c, viewContext(ctx, request).base, fields ?? ALL_FIELDS);
    },
  );
}
