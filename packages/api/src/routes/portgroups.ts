import type { PortgroupPatch, PortgroupSortKey } from '@ferric/conductor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type RouteContext,
  requestId,
  requireVersion,
  requireVersionOr404,
  viewContext,
} from '../context.js';
import { badRequest, notAcceptable } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields, parseSortKey } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  fieldsQuery,
  jsonPatchBody,
  nodeIdentParams,
  portgroupCreateBody,
  portgroupIdentParams,
  portgroupListQuery,
  portgroupPatchedDocument,
} from '../schemas.js';
import { jsonEqual } from '../util.js';
import { assertValid } from '../validation.js';
import {
  PORTGROUP_DEFAULT_FIELDS,
  PORTGROUP_FIELD_VERSIONS,
  portgroupFieldsAt,
  portgroupShownAt,
  portgroupToApi,
  renderPortgroup,
} from '../views/portgroup.js';
import { normalizeMac } from './ports.js';

type ListQuery = Record<string, string | undefined>;
type G = { Params: { portgroup_ident: string } };

const SORT_KEYS: readonly PortgroupSortKey[] = ['created_at', 'uuid', 'name'];
const PATCH_ALLOWED = [
  'address',
  'name',
  'node_uuid',
  'extra',
  'standalone_ports_supported',
  'mode',
  'properties',
  'physical_network',
  'category',
];
const KEYS: Record<string, keyof PortgroupPatch> = {
  address: 'address',
  name: 'name',
  node_uuid: 'nodeUuid',
  extra: 'extra',
  standalone_ports_supported: 'standalonePortsSupported',
  mode: 'mode',
  properties: 'properties',
  physical_network: 'physicalNetwork',
  category: 'category',
};

function toPatch(fields: Record<string, unknown>): PortgroupPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const key = KEYS[k];
    if (key) out[key] = k === 'address' && typeof v === 'string' ? normalizeMac(v) : v;
  }
  return out as PortgroupPatch;
}

/** A comma-separated query list (Ironic's `string_list`). */
function listOf(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkVersions(request: FastifyRequest, keys: Iterable<string>): void {
  for (const k of keys) {
    const v = PORTGROUP_FIELD_VERSIONS[k];
    if (v !== undefined && v > request.apiMinor)
      throw notAcceptable(`Field "${k}" requires API version 1.${v} or later.`);
  }
}

/** Port groups (API 1.23): `/v1/portgroups` CRUD and `/v1/nodes/{id}/portgroups`. */
export function registerPortgroupRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;

  async function list(
    request: FastifyRequest<{ Querystring: ListQuery }>,
    forceDetail: boolean,
    path: string,
    nodeIdent?: string,
  ) {
    requireVersionOr404(request, 23);
    const q = request.query;
    const allowed = portgroupFieldsAt(request.apiMinor);
    const fields = parseFields(q.fields, allowed, request.apiMinor);
    const detail = forceDetail || parseDetail(q.detail, fields, request.apiMinor);
    const ident = nodeIdent ?? q.node;
    const filters = {
      ...(ident !== undefined ? { nodeUuid: (await inventory.getNode(ident)).uuid } : {}),
      ...(q.address !== undefined ? { address: normalizeMac(q.address) } : {}),
      ...(q.shard !== undefined ? { shards: listOf(q.shard) } : {}),
      // Not version-gated in Ironic (1.99 documents it).
      ...(q.conductor_groups !== undefined
        ? { conductorGroups: listOf(q.conductor_groups).map((g) => g.toLowerCase()) }
        : {}),
    };
    if (q.shard !== undefined) requireVersion(request, 106, 'Filtering port groups by shard');
    const sortKey = parseSortKey(q.sort_key, SORT_KEYS, allowed);
    const limit = effectiveLimit(q.limit);
    const page = await inventory.listPortgroups(filters, {
      limit,
      ...(q.marker ? { marker: q.marker } : {}),
      ...(sortKey ? { sortKey } : {}),
      ...(q.sort_dir ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
    });
    const view = viewContext(ctx, request);
    const shown = fields ?? (detail ? portgroupShownAt(request.apiMinor) : PORTGROUP_DEFAULT_FIELDS);
    const body: Record<string, unknown> = {
      portgroups: page.items.map((p) => renderPortgroup(p, view, shown)),
    };
    const next = nextLink(view.base, path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  const listSchema = { querystring: portgroupListQuery, tags: ['portgroups'] };
  app.get<{ Querystring: ListQuery }>(
    '/v1/portgroups',
    { schema: { ...listSchema, summary: 'List port groups' } },
    (r) => list(r, false, 'portgroups'),
  );
  app.get<{ Querystring: ListQuery }>(
    '/v1/portgroups/detail',
    { schema: { ...listSchema, summary: 'List port groups with every field' } },
    (r) => {
      if (r.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /portgroups/detail.');
      return list(r, true, 'portgroups/detail');
    },
  );
  for (const suffix of ['', '/detail']) {
    app.get<{ Querystring: ListQuery; Params: { node_ident: string } }>(
      `/v1/nodes/:node_ident/portgroups${suffix}`,
      {
        schema: {
          ...listSchema,
          params: nodeIdentParams,
          summary: `List a node's port groups${suffix ? ' with every field' : ''}`,
        },
      },
      (r) => {
        if (r.query.node !== undefined)
          throw badRequest("Node filters are not allowed on a node's port groups.");
        return list(
          r,
          suffix !== '',
          `nodes/${r.params.node_ident}/portgroups${suffix}`,
          r.params.node_ident,
        );
      },
    );
  }

  app.get<G & { Querystring: { fields?: string } }>(
    '/v1/portgroups/:portgroup_ident',
    {
      schema: {
        params: portgroupIdentParams,
        querystring: fieldsQuery,
        summary: 'Show a port group',
        tags: ['portgroups'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 23);
      const fields = parseFields(request.query.fields, portgroupFieldsAt(request.apiMinor), request.apiMinor);
      const pg = await inventory.getPortgroup(request.params.portgroup_ident);
      return renderPortgroup(pg, viewContext(ctx, request), fields);
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/v1/portgroups',
    { schema: { body: portgroupCreateBody, summary: 'Create a port group', tags: ['portgroups'] } },
    async (request, reply) => {
      requireVersionOr404(request, 23);
      const b = request.body;
      checkVersions(request, Object.keys(b));
      const node = await inventory.getNode(String(b.node_uuid));
      const pg = await rpc.createPortgroup({
        requestId: requestId(request),
        portgroup: {
          ...toPatch(b),
          nodeUuid: node.uuid,
          ...(b.uuid ? { uuid: String(b.uuid).toLowerCase() } : {}),
        },
      });
      const view = viewContext(ctx, request);
      return reply
        .code(201)
        .header('Location', `${view.base}/v1/portgroups/${pg.uuid}`)
        .send(renderPortgroup(pg, view));
    },
  );

  app.patch<G & { Body: PatchOperation[] }>(
    '/v1/portgroups/:portgroup_ident',
    {
      schema: {
        params: portgroupIdentParams,
        body: jsonPatchBody,
        summary: 'Update a port group',
        tags: ['portgroups'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 23);
      const pg = await inventory.getPortgroup(request.params.portgroup_ident);
      const doc = portgroupToApi(pg, '');
      // Ironic checks only the first operation against 1.26 (`is_path_updated` returns from its
      // loop's first iteration); later operations on `mode`/`properties` go through at any version.
      const first = request.body[0]?.path.split('/')[1];
      if ((first === 'mode' || first === 'properties') && request.apiMinor < 26)
        throw notAcceptable('Request not acceptable.');
      const allowed = PATCH_ALLOWED.filter(
        (f) => f === 'mode' || f === 'properties' || (PORTGROUP_FIELD_VERSIONS[f] ?? 1) <= request.apiMinor,
      );
      const patched = applyResourcePatch(doc, request.body, {
        allowed,
        mandatory: ['node_uuid'],
        defaults: {
          address: null,
          name: null,
          extra: {},
          standalone_ports_supported: true,
          mode: 'active-backup',
          properties: {},
          physical_network: null,
          category: null,
        },
      });
      const writable: Record<string, unknown> = {};
      for (const f of PATCH_ALLOWED) writable[f] = patched[f];
      assertValid(portgroupPatchedDocument, writable, 'portgroup');
      const changed: Record<string, unknown> = {};
      for (const f of PATCH_ALLOWED) if (!jsonEqual(patched[f], doc[f])) changed[f] = patched[f];
      if (changed.node_uuid !== undefined)
        changed.node_uuid = (await inventory.getNode(String(changed.node_uuid))).uuid;
      const patch = toPatch(changed);
      const updated = Object.keys(patch).length
        ? await rpc.updatePortgroup({ requestId: requestId(request), portgroup: pg.uuid, patch })
        : pg;
      return renderPortgroup(updated, viewContext(ctx, request));
    },
  );

  app.delete<G>(
    '/v1/portgroups/:portgroup_ident',
    {
      schema: {
        params: portgroupIdentParams,
        summary: 'Delete a port group without ports',
        tags: ['portgroups'],
      },
    },
    async (request, reply) => {
      requireVersionOr404(request, 23);
      const pg = await inventory.getPortgroup(request.params.portgroup_ident);
      await rpc.deletePortgroup({ requestId: requestId(request), portgroup: pg.uuid });
      return reply.code(204).send();
    },
  );
}
