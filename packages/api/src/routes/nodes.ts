import type {
  NodeCreate,
  NodeFilters,
  NodePatch,
  NodeRecord,
  NodeSortKey,
  PartialNodeRecord,
} from '@ferric/conductor';
import { DriverNotFound, INTERFACE_TYPES, isFerricError, NoValidHost, ProvisionState } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersion, viewContext } from '../context.js';
import { badRequest, notAcceptable } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields, parseSortKey } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  chassisParams,
  fieldsQuery,
  jsonPatchBody,
  nodeCreateBody,
  nodeIdentParams,
  nodeListQuery,
  nodePatchedDocument,
  nodePatchQuery,
} from '../schemas.js';
import { jsonEqual, parseBool } from '../util.js';
import { assertValid } from '../validation.js';
import {
  NODE_DEFAULT_FIELDS,
  NODE_FIELD_VERSIONS,
  NODE_RECORD_KEYS,
  NODE_UNMODELLED_DEFAULTS,
  nodeFieldsAt,
  nodeFieldsNeedConductor,
  nodeRecordKeys,
  nodeToApi,
  renderNode,
} from '../views/node.js';

/** What the hash ring places a node by (Ironic's `conductor` field and filter). */
type RingNode = Pick<NodeRecord, 'uuid' | 'driver' | 'conductorGroup'>;
const RING_KEYS: readonly (keyof RingNode)[] = ['uuid', 'driver', 'conductorGroup'];

/**
 * A listed node as the ring sees it. The listing read {@link RING_KEYS}: they are among
 * `nodeRecordKeys(fields)` whenever `conductor` is shown, and the conductor filter asks for them.
 */
function ringNode(node: PartialNodeRecord): RingNode {
  return node as RingNode;
}

/** Root fields a JSON Patch may change (Ironic's `PATCH_ALLOWED_FIELDS`, minus what Ferric cannot store). */
const PATCH_ALLOWED = [
  'automated_clean',
  'bios_interface',
  'boot_interface',
  'chassis_uuid',
  'conductor_group',
  'console_interface',
  'deploy_interface',
  'description',
  'disable_power_off',
  'driver',
  'driver_info',
  'extra',
  'firmware_interface',
  'inspect_interface',
  'instance_info',
  'instance_name',
  'instance_uuid',
  'lessee',
  'maintenance',
  'management_interface',
  'name',
  'network_data',
  'network_interface',
  'owner',
  'parent_node',
  'power_interface',
  'properties',
  'protected',
  'protected_reason',
  'raid_interface',
  'rescue_interface',
  'resource_class',
  'retired',
  'retired_reason',
  'shard',
  'storage_interface',
  'vendor_interface',
];

const NODE_SORT_KEYS: readonly NodeSortKey[] = [
  'created_at',
  'uuid',
  'driver',
  'provision_state',
  'conductor_group',
];
const PROVISION_STATES = new Set<string>(Object.values(ProvisionState));

/**
 * A driver no conductor serves (or enables) is the client's mistake when it names it (create, driver
 * change): it can list the drivers. Ironic turns NoValidHost (404 elsewhere) into 400 there.
 */
function asBadRequest(err: unknown): never {
  // By code, not class: over JSON-RPC or AMQP the error arrives rebuilt from its code.
  if (isFerricError(err) && (err.code === NoValidHost.code || err.code === DriverNotFound.code))
    throw badRequest(err.message);
  throw err;
}

/** The faults a conductor records when it puts a node in maintenance: the `fault` filter's values. */
const VALID_FAULTS: readonly string[] = [
  'power failure',
  'clean failure',
  'rescue abort failure',
  'service failure',
];

/** Ironic's defaults for fields a patch removes. */
const REMOVE_DEFAULTS: Record<string, unknown> = {
  ...NODE_UNMODELLED_DEFAULTS,
  chassis_uuid: null,
  protected: false,
  protected_reason: null,
  retired: false,
  retired_reason: null,
  lessee: null,
  network_data: {},
  driver_info: {},
  properties: {},
  instance_info: {},
  extra: {},
  conductor_group: '',
  maintenance: false,
  disable_power_off: false,
};

type ListQuery = Record<string, string | number | undefined>;

/** Converts validated API fields to the conductor's camelCase record fields. */
export function nodeFieldsToRecord(fields: Record<string, unknown>): NodePatch {
  const out: Record<string, unknown> = {};
  for (const [api, value] of Object.entries(fields)) {
    const key = NODE_RECORD_KEYS[api];
    if (key) out[key] = value;
  }
  return out as NodePatch;
}

function checkFieldVersions(request: FastifyRequest, keys: Iterable<string>): void {
  for (const k of keys) {
    const v = NODE_FIELD_VERSIONS[k];
    if (v !== undefined && v > request.apiMinor)
      throw notAcceptable(`Field "${k}" requires API version 1.${v} or later.`);
  }
}

function checkUnmodelled(fields: Record<string, unknown>, original?: Record<string, unknown>): void {
  for (const [k, def] of Object.entries(NODE_UNMODELLED_DEFAULTS)) {
    if (!(k in fields)) continue;
    const before = original ? original[k] : def;
    if (!jsonEqual(fields[k], before) && !jsonEqual(fields[k], def)) {
      throw badRequest(`Setting "${k}" is not supported by Ferric yet; it must stay ${JSON.stringify(def)}.`);
    }
  }
}

/** A comma-separated query list (Ironic's `string_list`). */
function stringList(value: string | number): string[] {
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Ironic copies `instance_info.display_name` into an unset `instance_name` (1.104) when
 * `instance_info` is written, so clients older than 1.104 keep the name visible to newer ones.
 */
function syncInstanceName(fields: Record<string, unknown>, current: string | null): void {
  const info = fields.instance_info as Record<string, unknown> | undefined;
  if (info === undefined || info === null) return;
  if (current || fields.instance_name) return;
  if (typeof info.display_name === 'string' && info.display_name !== '')
    fields.instance_name = info.display_name;
}

/** Nodes: list, create, show, JSON Patch update, delete; also `/v1/nodes/{id}/ports` is in ports.ts. */
export function registerNodeRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;

  /**
   * The uuid of the node a `parent_node` names (uuid or name). Like Ironic, a node that does not exist
   * and one of another owner get the same 400, so the answer does not tell which nodes exist.
   */
  async function linkedNode(ident: string, owner: unknown): Promise<string> {
    const invalid = () =>
      badRequest(`Unable to apply the requested parent_node '${ident}'. Requested value was invalid.`);
    let parent: NodeRecord;
    try {
      parent = await inventory.getNode(ident);
    } catch {
      throw invalid();
    }
    if ((parent.owner ?? null) !== (owner ?? null)) throw invalid();
    return parent.uuid;
  }

  const conductorIf = (fields: readonly string[] | undefined, minor: number) =>
    nodeFieldsNeedConductor(fields ?? nodeFieldsAt(minor));

  async function render(request: FastifyRequest, node: NodeRecord, fields?: readonly string[]) {
    const view = viewContext(ctx, request);
    const conductor = conductorIf(fields, request.apiMinor) ? await inventory.conductorFor(node) : null;
    return renderNode(node, view, conductor, fields);
  }

  /** Ironic's `conductor` filter: the nodes the hash ring maps to that conductor (scans, as Ironic). */
  async function nodesOfConductor(host: string, filters: NodeFilters): Promise<string[]> {
    const uuids: string[] = [];
    let marker: string | undefined;
    do {
      const page = await inventory.listNodes(
        filters,
        { limit: 1000, ...(marker ? { marker } : {}) },
        RING_KEYS,
      );
      const hosts = await inventory.conductorsFor(page.items.map(ringNode));
      page.items.forEach((n, i) => {
        if (hosts[i] === host) uuids.push(n.uuid);
      });
      marker = page.next ?? undefined;
    } while (marker);
    return uuids;
  }

  async function list(
    request: FastifyRequest<{ Querystring: ListQuery }>,
    forceDetail: boolean,
    path: string,
  ) {
    const q = request.query;
    const minor = request.apiMinor;
    const allowed = nodeFieldsAt(minor);
    const fields = parseFields(q.fields as string | undefined, allowed, minor);
    const detail = forceDetail || parseDetail(q.detail as string | undefined, fields, minor);
    const filters: NodeFilters = {};
    if (q.provision_state !== undefined) {
      if (!PROVISION_STATES.has(String(q.provision_state))) {
        throw badRequest(`Invalid provision_state "${q.provision_state}".`);
      }
      filters.provisionState = String(q.provision_state);
    }
    if (q.driver !== undefined) filters.driver = String(q.driver);
    if (q.maintenance !== undefined) filters.maintenance = parseBool(String(q.maintenance))!;
    if (q.associated !== undefined) filters.associated = parseBool(String(q.associated))!;
    if (q.conductor_group !== undefined) {
      requireVersion(request, 46, 'Filtering by conductor_group');
      filters.conductorGroup = String(q.conductor_group);
    }
    if (q.resource_class !== undefined) {
      requireVersion(request, 21, 'Filtering by resource_class');
      filters.resourceClass = String(q.resource_class);
    }
    if (q.fault !== undefined) {
      requireVersion(request, 42, 'Filtering by fault');
      filters.fault = String(q.fault);
      if (!VALID_FAULTS.includes(filters.fault))
        throw badRequest(
          `Unrecognized fault "${filters.fault}" is specified, allowed faults are (${VALID_FAULTS.map((f) => `'${f}'`).join(', ')})`,
        );
    }
    if (q.owner !== undefined) {
      requireVersion(request, 50, 'Filtering by owner');
      filters.owner = String(q.owner);
    }
    if (q.lessee !== undefined) {
      requireVersion(request, 65, 'Filtering by lessee');
      filters.lessee = String(q.lessee);
    }
    if (q.project !== undefined) {
      requireVersion(request, 65, 'Filtering by project');
      filters.project = String(q.project);
    }
    if (q.retired !== undefined) {
      requireVersion(request, 61, 'Filtering by retired');
      filters.retired = parseBool(String(q.retired))!;
    }
    if (q.chassis_uuid !== undefined) filters.chassisUuid = String(q.chassis_uuid).toLowerCase();
    if (q.conductor !== undefined) {
      requireVersion(request, 49, 'Filtering by conductor');
      filters.uuids = await nodesOfConductor(String(q.conductor), filters);
    }
    if (q.description_contains !== undefined) {
      requireVersion(request, 51, 'Filtering by description_contains');
      filters.descriptionContains = String(q.description_contains);
    }
    if (q.instance_uuid !== undefined) filters.instanceUuid = String(q.instance_uuid);
    if (q.shard !== undefined) {
      requireVersion(request, 82, 'Filtering by shard');
      filters.shards = stringList(q.shard);
    }
    if (q.sharded !== undefined) {
      requireVersion(request, 82, 'Filtering by sharded');
      filters.sharded = parseBool(String(q.sharded))!;
    }
    if (q.instance_name !== undefined) {
      requireVersion(request, 104, 'Filtering by instance_name');
      filters.instanceName = String(q.instance_name);
    }
    if (q.include_children !== undefined || q.parent_node !== undefined)
      requireVersion(request, 83, 'Filtering by include_children or parent_node');
    // Children are listed only with include_children, or under their parent (Ironic's database filter).
    if (!(q.include_children !== undefined && parseBool(String(q.include_children)))) {
      if (q.parent_node !== undefined) filters.parentNode = String(q.parent_node);
      else filters.noParent = true;
    }
    const sortKey = parseSortKey(q.sort_key as string | undefined, NODE_SORT_KEYS, allowed);
    const limit = effectiveLimit(q.limit);
    const shown = fields ?? (detail ? allowed : NODE_DEFAULT_FIELDS);
    // Only the columns the shown fields are computed from are read.
    const page = await inventory.listNodes(
      filters,
      {
        limit,
        ...(q.marker !== undefined ? { marker: String(q.marker) } : {}),
        ...(sortKey ? { sortKey } : {}),
        ...(q.sort_dir !== undefined ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
      },
      nodeRecordKeys(shown),
    );
    const view = viewContext(ctx, request);
    // The rings are looked at once for the page, not once per node.
    const conductors = nodeFieldsNeedConductor(shown)
      ? await inventory.conductorsFor(page.items.map(ringNode))
      : undefined;
    const nodes = page.items.map((n, i) => renderNode(n, view, conductors?.[i] ?? null, shown));
    const body: Record<string, unknown> = { nodes };
    const next = nextLink(view.base, path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  app.get<{ Querystring: ListQuery }>(
    '/v1/nodes',
    { schema: { querystring: nodeListQuery, summary: 'List nodes', tags: ['nodes'] } },
    (request) => list(request, false, 'nodes'),
  );
  app.get<{ Querystring: ListQuery }>(
    '/v1/nodes/detail',
    { schema: { querystring: nodeListQuery, summary: 'List nodes with every field', tags: ['nodes'] } },
    (request) => {
      if (request.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /nodes/detail.');
      return list(request, true, 'nodes/detail');
    },
  );

  app.get<{ Params: { chassis_uuid: string }; Querystring: ListQuery }>(
    '/v1/chassis/:chassis_uuid/nodes',
    {
      schema: {
        params: chassisParams,
        querystring: nodeListQuery,
        summary: 'Nodes of a chassis',
        tags: ['chassis'],
      },
    },
    async (request) => {
      const chassis = await inventory.getChassis(request.params.chassis_uuid.toLowerCase());
      request.query.chassis_uuid = chassis.uuid;
      return list(request, false, `chassis/${chassis.uuid}/nodes`);
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/v1/nodes',
    { schema: { body: nodeCreateBody, summary: 'Create (enroll) a node', tags: ['nodes'] } },
    async (request, reply) => {
      const body = request.body;
      checkFieldVersions(request, Object.keys(body));
      checkUnmodelled(body);
      if (typeof body.parent_node === 'string')
        body.parent_node = await linkedNode(String(body.parent_node), body.owner ?? null);
      syncInstanceName(body, null);
      const create = {
        ...nodeFieldsToRecord(body),
        ...(body.uuid ? { uuid: String(body.uuid).toLowerCase() } : {}),
        // Before 1.11 (the `enroll` state) a new node was immediately `available`.
        ...(request.apiMinor < 11 ? { provisionState: 'available' } : {}),
      } as NodeCreate;
      const node = await rpc.createNode({ requestId: requestId(request), node: create }).catch(asBadRequest);
      const rendered = await render(request, node);
      return reply
        .code(201)
        .header('Location', `${viewContext(ctx, request).base}/v1/nodes/${node.uuid}`)
        .send(rendered);
    },
  );

  app.get<{ Params: { node_ident: string }; Querystring: { fields?: string } }>(
    '/v1/nodes/:node_ident',
    {
      schema: { params: nodeIdentParams, querystring: fieldsQuery, summary: 'Show a node', tags: ['nodes'] },
    },
    async (request) => {
      const fields = parseFields(request.query.fields, nodeFieldsAt(request.apiMinor), request.apiMinor);
      const ident = request.params.node_ident;
      const node = await inventory.getNode(ident).catch((err: unknown) => {
        // Before 1.91 `GET /v1/nodes/x.json` is node `x`, or else node `x.json` (Ironic's fallback).
        if (ctx.jsonSuffixed?.has(request.raw)) return inventory.getNode(`${ident}.json`);
        throw err;
      });
      return render(request, node, fields);
    },
  );

  app.patch<{
    Params: { node_ident: string };
    Body: PatchOperation[];
    Querystring: { reset_interfaces?: string };
  }>(
    '/v1/nodes/:node_ident',
    {
      schema: {
        params: nodeIdentParams,
        querystring: nodePatchQuery,
        body: jsonPatchBody,
        summary: 'Update a node with a JSON Patch',
        tags: ['nodes'],
      },
    },
    async (request) => {
      const node = await inventory.getNode(request.params.node_ident);
      const doc = nodeToApi(node, { base: '' }, null);
      const minor = request.apiMinor;
      const allowed = PATCH_ALLOWED.filter((f) => (NODE_FIELD_VERSIONS[f] ?? 1) <= minor);
      for (const op of request.body) {
        const root = op.path.split('/')[1] ?? '';
        const v = NODE_FIELD_VERSIONS[root];
        if (v !== undefined && v > minor && PATCH_ALLOWED.includes(root)) {
          throw notAcceptable(`Field "${root}" requires API version 1.${v} or later.`);
        }
      }
      const patched = applyResourcePatch(doc, request.body, {
        allowed,
        mandatory: ['driver'],
        defaults: REMOVE_DEFAULTS,
      });
      const changed: Record<string, unknown> = {};
      for (const f of PATCH_ALLOWED) if (!jsonEqual(patched[f], doc[f])) changed[f] = patched[f];
      checkUnmodelled(changed, doc);
      if (typeof changed.parent_node === 'string') {
        changed.parent_node = await linkedNode(String(changed.parent_node), node.owner);
        patched.parent_node = changed.parent_node;
      }
      syncInstanceName(changed, node.instanceName);
      const writable: Record<string, unknown> = {};
      for (const f of Object.keys(nodePatchedDocument.properties as object))
        if (f in patched) writable[f] = patched[f];
      assertValid(nodePatchedDocument, writable, 'node');
      const rid = requestId(request);
      let updated = node;
      const { maintenance, ...rest } = changed;
      const recordPatch = nodeFieldsToRecord(rest);
      if (request.query.reset_interfaces !== undefined) {
        requireVersion(request, 45, 'The reset_interfaces parameter');
        if (parseBool(request.query.reset_interfaces)) {
          if (changed.driver === undefined)
            throw badRequest(
              "The reset_interfaces parameter can be provided only when changing the node's driver.",
            );
          // Interfaces not set by this patch go back to the new hardware type's defaults.
          const explicit = new Set(request.body.map((op) => op.path.split('/')[1] ?? ''));
          for (const type of INTERFACE_TYPES) {
            if (!explicit.has(`${type}_interface`)) recordPatch[`${type}Interface`] = null;
          }
        }
      }
      if (Object.keys(recordPatch).length > 0) {
        updated = await rpc
          .updateNode({ requestId: rid, node: node.uuid, patch: recordPatch })
          .catch(asBadRequest);
      }
      if (maintenance !== undefined) {
        updated = await rpc.setMaintenance({
          requestId: rid,
          node: node.uuid,
          maintenance: maintenance === true,
          reason: null,
        });
      }
      return render(request, updated);
    },
  );

  app.delete<{ Params: { node_ident: string } }>(
    '/v1/nodes/:node_ident',
    { schema: { params: nodeIdentParams, summary: 'Delete a node', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await inventory.getNode(request.params.node_ident);
      await rpc.deleteNode({ requestId: requestId(request), node: node.uuid });
      return reply.code(204).send();
    },
  );
}
