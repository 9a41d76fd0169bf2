import type { ChassisFields } from '@ferric/conductor';
import type { JsonObject } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, viewContext } from '../context.js';
import { badRequest } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields, parseSortKey } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  chassisCreateBody,
  chassisListQuery,
  chassisParams,
  chassisPatchedDocument,
  fieldsQuery,
  jsonPatchBody,
} from '../schemas.js';
import { jsonEqual, UUID_RE } from '../util.js';
import { assertValid } from '../validation.js';
import { CHASSIS_DEFAULT_FIELDS, CHASSIS_FIELDS, chassisToApi, renderChassis } from '../views/chassis.js';

type ListQuery = Record<string, string | undefined>;
type C = { Params: { chassis_uuid: string } };

function chassisUuid(raw: string): string {
  if (!UUID_RE.test(raw)) throw badRequest(`Expected a UUID but received ${raw.slice(0, 64)}.`);
  return raw.toLowerCase();
}

/** Chassis (API 1.1): list, detail, show, create, JSON Patch update, delete (empty chassis only). */
export function registerChassisRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const base = (request: FastifyRequest) => viewContext(ctx, request).base;

  async function list(
    request: FastifyRequest<{ Querystring: ListQuery }>,
    forceDetail: boolean,
    path: string,
  ) {
    const q = request.query;
    const fields = parseFields(q.fields, CHASSIS_FIELDS, request.apiMinor);
    const detail = forceDetail || parseDetail(q.detail, fields, request.apiMinor);
    const sortKey = parseSortKey(q.sort_key, ['created_at', 'uuid'] as const, CHASSIS_FIELDS);
    const limit = effectiveLimit(q.limit);
    const page = await inventory.listChassis({
      limit,
      ...(q.marker ? { marker: q.marker } : {}),
      ...(sortKey ? { sortKey } : {}),
      ...(q.sort_dir ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
    });
    const shown = fields ?? (detail ? CHASSIS_FIELDS : CHASSIS_DEFAULT_FIELDS);
    const body: Record<string, unknown> = {
      chassis: page.items.map((c) => renderChassis(c, base(request), shown)),
    };
    const next = nextLink(base(request), path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  app.get<{ Querystring: ListQuery }>(
    '/v1/chassis',
    { schema: { querystring: chassisListQuery, summary: 'List chassis', tags: ['chassis'] } },
    (request) => list(request, false, 'chassis'),
  );
  app.get<{ Querystring: ListQuery }>(
    '/v1/chassis/detail',
    {
      schema: { querystring: chassisListQuery, summary: 'List chassis with every field', tags: ['chassis'] },
    },
    (request) => {
      if (request.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /chassis/detail.');
      return list(request, true, 'chassis/detail');
    },
  );

  app.get<C & { Querystring: { fields?: string } }>(
    '/v1/chassis/:chassis_uuid',
    {
      schema: {
        params: chassisParams,
        querystring: fieldsQuery,
        summary: 'Show a chassis',
        tags: ['chassis'],
      },
    },
    async (request) => {
      const fields = parseFields(request.query.fields, CHASSIS_FIELDS, request.apiMinor);
      const c = await inventory.getChassis(chassisUuid(request.params.chassis_uuid));
      return renderChassis(c, base(request), fields ?? CHASSIS_FIELDS);
    },
  );

  app.post<{ Body: { uuid?: string; description?: string | null; extra?: JsonObject } }>(
    '/v1/chassis',
    { schema: { body: chassisCreateBody, summary: 'Create a chassis', tags: ['chassis'] } },
    async (request, reply) => {
      const b = request.body;
      const created = await rpc.createChassis({
        requestId: requestId(request),
        chassis: {
          ...(b.uuid ? { uuid: b.uuid.toLowerCase() } : {}),
          ...(b.description !== undefined ? { description: b.description } : {}),
          ...(b.extra !== undefined ? { extra: b.extra } : {}),
        },
      });
      return reply
        .code(201)
        .header('Location', `${base(request)}/v1/chassis/${created.uuid}`)
        .send(renderChassis(created, base(request), CHASSIS_FIELDS));
    },
  );

  app.patch<C & { Body: PatchOperation[] }>(
    '/v1/chassis/:chassis_uuid',
    {
      schema: { params: chassisParams, body: jsonPatchBody, summary: 'Update a chassis', tags: ['chassis'] },
    },
    async (request) => {
      const current = await inventory.getChassis(chassisUuid(request.params.chassis_uuid));
      const doc = chassisToApi(current, '');
      const patched = applyResourcePatch(doc, request.body, {
        allowed: ['description', 'extra'],
        mandatory: [],
        defaults: { description: null, extra: {} },
      });
      assertValid(
        chassisPatchedDocument,
        { description: patched.description, extra: patched.extra },
        'chassis',
      );
      const patch: ChassisFields = {};
      if (!jsonEqual(patched.description, doc.description))
        patch.description = patched.description as string | null;
      if (!jsonEqual(patched.extra, doc.extra)) patch.extra = patched.extra as JsonObject;
      const updated =
        Object.keys(patch).length > 0
          ? await rpc.updateChassis({ requestId: requestId(request), chassis: current.uuid, patch })
          : current;
      return renderChassis(updated, base(request), CHASSIS_FIELDS);
    },
  );

  app.delete<C>(
    '/v1/chassis/:chassis_uuid',
    { schema: { params: chassisParams, summary: 'Delete an empty chassis', tags: ['chassis'] } },
    async (request, reply) => {
      await rpc.deleteChassis({
        requestId: requestId(request),
        chassis: chassisUuid(request.params.chassis_uuid),
      });
      return reply.code(204).send();
    },
  );
}
