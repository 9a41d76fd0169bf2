import type { PortFilters, PortPatch, PortSortKey } from '@ferric/conductor';
import { NodeNotFound } from '@ferric/core';
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
  portCreateBody,
  portgroupIdentParams,
  portListQuery,
  portPatchedDocument,
} from '../schemas.js';
import { jsonEqual, UUID_RE } from '../util.js';
import { assertValid } from '../validation.js';
import {
  PORT_DEFAULT_FIELDS,
  PORT_FIELD_VERSIONS,
  portFieldsAt,
  portToApi,
  renderPort,
} from '../views/port.js';

const PORT_SORT_KEYS: readonly PortSortKey[] = ['created_at', 'uuid', 'address'];
const PATCH_ALLOWED = [
  'address',
  'node_uuid',
  'extra',
  'local_link_connection',
  'pxe_enabled',
  'physical_network',
  'portgroup_uuid',
  'is_smartnic',
  'name',
  'description',
  'vendor',
  'category',
  'available_for_dynamic_portgroup',
];
const PORT_KEYS: Record<string, keyof PortPatch> = {
  address: 'address',
  node_uuid: 'nodeUuid',
  extra: 'extra',
  local_link_connection: 'localLinkConnection',
  pxe_enabled: 'pxeEnabled',
  physical_network: 'physicalNetwork',
  is_smartnic: 'isSmartnic',
  portgroup_uuid: 'portgroupUuid',
  name: 'name',
  description: 'description',
  vendor: 'vendor',
  category: 'category',
  available_for_dynamic_portgroup: 'availableForDynamicPortgroup',
};
type ListQuery = Record<string, string | number | undefined>;
const portParams = {
  type: 'object',
  required: ['port_id'],
  properties: { port_id: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** A comma-separated query list (Ironic's `string_list`). */
function stringList(value: string | number): string[] {
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Lower-case, colon-separated MAC. */
export function normalizeMac(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ':');
}

/** Ironic's logical names (RFC 3986 unreserved characters): what a port name (1.88) may be. */
const LOGICAL_NAME_RE = /^[A-Za-z0-9\-._~]{1,255}$/;

/**
 * A port is addressed by UUID or name (Ironic's `uuid_or_name`; names exist from 1.88): anything
 * else (a MAC address included) is a 400, as in Ironic.
 */
function portUuid(raw: string): string {
  if (UUID_RE.test(raw)) return raw.toLowerCase();
  if (LOGICAL_NAME_RE.test(raw)) return raw;
  throw badRequest(`Expected UUID for port_uuid: ${raw.slice(0, 64)}`);
}

/**
 * The node a port body names. An unknown node is the request's fault, not a missing resource:
 * Ironic answers 400 (with its "could not be found" message) rather than 404.
 */
async function bodyNode(ctx: RouteContext, ident: string) {
  try {
    return await ctx.backend.inventory.getNode(ident);
  } catch (err) {
    if (err instanceof NodeNotFound) throw badRequest(err.message);
    throw err;
  }
}

function toPortPatch(fields: Record<string, unknown>): PortPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const key = PORT_KEYS[k];
    if (key) out[key] = k === 'address' ? normalizeMac(String(v)) : v;
  }
  return out as PortPatch;
}

/**
 * OVN VTEP switch keys of `local_link_connection` are accepted from 1.90 until 1.105 removed them
 * (Ironic answers 406 outside that range).
 */
function checkVtep(request: FastifyRequest, llc: unknown): void {
  if (typeof llc !== 'object' || llc === null) return;
  const vtep = 'vtep-logical-switch' in llc || 'vtep-physical-switch' in llc;
  if (vtep && (request.apiMinor < 90 || request.apiMinor >= 105))
    throw notAcceptable(
      'The OVN VTEP keys of local_link_connection are accepted in API versions 1.90 to 1.104 only.',
    );
}

function checkVersions(request: FastifyRequest, keys: Iterable<string>): void {
  for (const k of keys) {
    const v = PORT_FIELD_VERSIONS[k];
    if (v !== undefined && v > request.apiMinor)
      throw notAcceptable(`Field "${k}" requires API version 1.${v} or later.`);
  }
}

/** Ports: `/v1/ports` CRUD and `/v1/nodes/{id}/ports`. */
export function registerPortRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;

  async function list(
    request: FastifyRequest<{ Querystring: ListQuery; Params: Record<string, string> }>,
    detail0: boolean,
    path: string,
    nodeIdent?: string,
  ) {
    const q = request.query;
    const minor = request.apiMinor;
    const allowed = portFieldsAt(minor);
    const fields = parseFields(q.fields as string | undefined, allowed, minor);
    const detail = detail0 || parseDetail(q.detail as string | undefined, fields, minor);
    const filters: PortFilters = {};
    if (q.node !== undefined && q.node_uuid !== undefined)
      throw badRequest('Only one of "node" and "node_uuid" may be given.');
    const ident = nodeIdent ?? (q.node as string | undefined) ?? (q.node_uuid as string | undefined);
    if (ident !== undefined) filters.nodeUuid = (await inventory.getNode(ident)).uuid;
    if (q.address !== undefined) filters.address = normalizeMac(String(q.address));
    if (q.portgroup !== undefined) {
      requireVersion(request, 24, 'Filtering by portgroup');
      filters.portgroupUuid = (await inventory.getPortgroup(String(q.portgroup))).uuid;
    }
    if (q.shard !== undefined) {
      requireVersion(request, 82, 'Filtering by shard');
      filters.shards = stringList(q.shard);
    }
    if (q.description_contains !== undefined) filters.descriptionContains = String(q.description_contains);
    if (q.conductor_groups !== undefined) {
      // Not version-gated in Ironic either (1.99 documents it).
      if (ident !== undefined || filters.portgroupUuid !== undefined || filters.address !== undefined)
        throw badRequest(
          'Filtering by conductor_groups cannot be combined with node_ident, portgroup_ident, or node address filters.',
        );
      filters.conductorGroups = stringList(q.conductor_groups).map((g) => g.toLowerCase());
    }
    const sortKey = parseSortKey(q.sort_key as string | undefined, PORT_SORT_KEYS, allowed);
    const limit = effectiveLimit(q.limit);
    const page = await inventory.listPorts(filters, {
      limit,
      ...(q.marker !== undefined ? { marker: String(q.marker) } : {}),
      ...(sortKey ? { sortKey } : {}),
      ...(q.sort_dir !== undefined ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
    });
    const view = viewContext(ctx, request);
    const shown = fields ?? (detail ? allowed : PORT_DEFAULT_FIELDS);
    const body: Record<string, unknown> = { ports: page.items.map((p) => renderPort(p, view, shown)) };
    const next = nextLink(view.base, path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  const listSchema = { querystring: portListQuery, tags: ['ports'] };
  app.get<{ Querystring: ListQuery }>(
    '/v1/ports',
    { schema: { ...listSchema, summary: 'List ports' } },
    (r) => list(r as never, false, 'ports'),
  );
  app.get<{ Querystring: ListQuery }>(
    '/v1/ports/detail',
    { schema: { ...listSchema, summary: 'List ports with every field' } },
    (r) => {
      if (r.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /ports/detail.');
      return list(r as never, true, 'ports/detail');
    },
  );
  app.get<{ Querystring: ListQuery; Params: { node_ident: string } }>(
    '/v1/nodes/:node_ident/ports',
    { schema: { ...listSchema, params: nodeIdentParams, summary: "List a node's ports" } },
    (r) => {
      if (r.query.node !== undefined || r.query.node_uuid !== undefined)
        throw badRequest("Node filters are not allowed on a node's ports.");
      return list(r as never, false, `nodes/${r.params.node_ident}/ports`, r.params.node_ident);
    },
  );
  app.get<{ Querystring: ListQuery; Params: { node_ident: string } }>(
    '/v1/nodes/:node_ident/ports/detail',
    { schema: { ...listSchema, params: nodeIdentParams, summary: "List a node's ports with every field" } },
    (r) => {
      if (r.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /ports/detail.');
      return list(r as never, true, `nodes/${r.params.node_ident}/ports/detail`, r.params.node_ident);
    },
  );

  for (const suffix of ['', '/detail']) {
    app.get<{ Querystring: ListQuery; Params: { portgroup_ident: string } }>(
      `/v1/portgroups/:portgroup_ident/ports${suffix}`,
      {
        schema: {
          ...listSchema,
          params: portgroupIdentParams,
          summary: `List a port group's ports${suffix ? ' with every field' : ''}`,
        },
      },
      async (r) => {
        requireVersionOr404(r, 24);
        if (suffix && r.query.detail !== undefined)
          throw badRequest('The "detail" parameter is not allowed on /ports/detail.');
        const pg = await inventory.getPortgroup(r.params.portgroup_ident);
        r.query.portgroup = pg.uuid;
        return list(r as never, suffix !== '', `portgroups/${pg.uuid}/ports${suffix}`);
      },
    );
  }

  app.post<{ Body: Record<string, unknown> }>(
    '/v1/ports',
    { schema: { body: portCreateBody, summary: 'Create a port', tags: ['ports'] } },
    async (request, reply) => {
      const b = request.body;
      checkVersions(request, Object.keys(b));
      checkVtep(request, b.local_link_connection);
      if (b.node_ident !== undefined) requireVersion(request, 94, 'Field "node_ident"');
      if ((b.node_ident === undefined) === (b.node_uuid === undefined))
        throw badRequest('Exactly one of "node_ident" and "node_uuid" must be given.');
      const node = await bodyNode(ctx, String(b.node_ident ?? b.node_uuid));
      const port = await rpc.createPort({
        requestId: requestId(request),
        port: {
          ...toPortPatch(b),
          nodeUuid: node.uuid,
          address: normalizeMac(String(b.address)),
          ...(b.uuid ? { uuid: String(b.uuid).toLowerCase() } : {}),
        },
      });
      const view = viewContext(ctx, request);
      return reply
        .code(201)
        .header('Location', `${view.base}/v1/ports/${port.uuid}`)
        .send(renderPort(port, view));
    },
  );

  app.get<{ Params: { port_id: string }; Querystring: { fields?: string } }>(
    '/v1/ports/:port_id',
    { schema: { params: portParams, querystring: fieldsQuery, summary: 'Show a port', tags: ['ports'] } },
    async (request) => {
      const fields = parseFields(request.query.fields, portFieldsAt(request.apiMinor), request.apiMinor);
      const port = await inventory.getPort(portUuid(request.params.port_id));
      return renderPort(port, viewContext(ctx, request), fields);
    },
  );

  app.patch<{ Params: { port_id: string }; Body: PatchOperation[] }>(
    '/v1/ports/:port_id',
    {
      schema: {
        params: portParams,
        body: jsonPatchBody,
        summary: 'Update a port with a JSON Patch',
        tags: ['ports'],
      },
    },
    async (request) => {
      const port = await inventory.getPort(portUuid(request.params.port_id));
      const doc = portToApi(port, '');
      const allowed = PATCH_ALLOWED.filter((f) => (PORT_FIELD_VERSIONS[f] ?? 1) <= request.apiMinor);
      const patched = applyResourcePatch(doc, request.body, {
        allowed,
        mandatory: ['address', 'node_uuid'],
        defaults: {
          extra: {},
          local_link_connection: {},
          pxe_enabled: true,
          physical_network: null,
          portgroup_uuid: null,
          is_smartnic: false,
          name: null,
          description: null,
          vendor: null,
          category: null,
          available_for_dynamic_portgroup: true,
        },
      });
      const writable: Record<string, unknown> = {};
      for (const f of PATCH_ALLOWED) writable[f] = patched[f];
      assertValid(portPatchedDocument, writable, 'port');
      if (!jsonEqual(patched.local_link_connection, doc.local_link_connection))
        checkVtep(request, patched.local_link_connection);
      const changed: Record<string, unknown> = {};
      for (const f of PATCH_ALLOWED) if (!jsonEqual(patched[f], doc[f])) changed[f] = patched[f];
      if (changed.node_uuid !== undefined)
        changed.node_uuid = (await bodyNode(ctx, String(changed.node_uuid))).uuid;
      const patch = toPortPatch(changed);
      const updated = Object.keys(patch).length
        ? await rpc.updatePort({ requestId: requestId(request), port: port.uuid, patch })
        : port;
      return renderPort(updated, viewContext(ctx, request));
    },
  );

  app.delete<{ Params: { port_id: string } }>(
    '/v1/ports/:port_id',
    { schema: { params: portParams, summary: 'Delete a port', tags: ['ports'] } },
    async (request, reply) => {
      const port = await inventory.getPort(portUuid(request.params.port_id));
      await rpc.deletePort({ requestId: requestId(request), port: port.uuid });
      return reply.code(204).send();
    },
  );
}
