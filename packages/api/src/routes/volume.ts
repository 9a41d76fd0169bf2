import type { VolumeConnectorRecord, VolumeTargetRecord } from '@ferric/conductor';
import type { JsonObject } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersionOr404, viewContext } from '../context.js';
import { badRequest } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  fieldsQuery,
  jsonPatchBody,
  nodeIdentParams,
  volumeConnectorBody,
  volumeConnectorPatched,
  volumeListQuery,
  volumeParams,
  volumeTargetBody,
  volumeTargetPatched,
} from '../schemas.js';
import { isoTime, jsonEqual, resourceLinks, UUID_RE } from '../util.js';
import { assertValid } from '../validation.js';

type ListQuery = Record<string, string | undefined>;
type V = { Params: { volume_uuid: string } };

const CONNECTOR_FIELDS = [
  'uuid',
  'type',
  'connector_id',
  'node_uuid',
  'extra',
  'created_at',
  'updated_at',
  'links',
];
const CONNECTOR_DEFAULT = ['uuid', 'type', 'connector_id', 'node_uuid', 'links'];
const TARGET_FIELDS = [
  'uuid',
  'volume_type',
  'properties',
  'boot_index',
  'volume_id',
  'node_uuid',
  'extra',
  'created_at',
  'updated_at',
  'links',
];
const TARGET_DEFAULT = ['uuid', 'volume_type', 'boot_index', 'volume_id', 'node_uuid', 'links'];

function pick(all: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

function connectorApi(c: VolumeConnectorRecord, base: string): Record<string, unknown> {
  return {
    uuid: c.uuid,
    type: c.type,
    connector_id: c.connectorId,
    node_uuid: c.nodeUuid,
    extra: c.extra,
    created_at: isoTime(c.createdAt),
    updated_at: isoTime(c.updatedAt),
    links: resourceLinks(base, `volume/connectors/${c.uuid}`),
  };
}

function targetApi(t: VolumeTargetRecord, base: string): Record<string, unknown> {
  return {
    uuid: t.uuid,
    volume_type: t.volumeType,
    properties: t.properties,
    boot_index: t.bootIndex,
    volume_id: t.volumeId,
    node_uuid: t.nodeUuid,
    extra: t.extra,
    created_at: isoTime(t.createdAt),
    updated_at: isoTime(t.updatedAt),
    links: resourceLinks(base, `volume/targets/${t.uuid}`),
  };
}

function volumeUuid(raw: string): string {
  if (!UUID_RE.test(raw)) throw badRequest(`Expected a UUID but received ${raw.slice(0, 64)}.`);
  return raw.toLowerCase();
}

/** Volume connectors and targets (API 1.32): `/v1/volume/*` CRUD and `/v1/nodes/{id}/volume/*`. */
export function registerVolumeRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const base = (request: FastifyRequest) => viewContext(ctx, request).base;

  const index = (request: FastifyRequest, prefix: string) => {
    requireVersionOr404(request, 32);
    return {
      links: resourceLinks(base(request), prefix),
      connectors: resourceLinks(base(request), `${prefix}/connectors`),
      targets: resourceLinks(base(request), `${prefix}/targets`),
    };
  };
  app.get('/v1/volume', { schema: { summary: 'Volume resources', tags: ['volume'] } }, (r) =>
    index(r, 'volume'),
  );
  app.get<{ Params: { node_ident: string } }>(
    '/v1/nodes/:node_ident/volume',
    { schema: { params: nodeIdentParams, summary: "A node's volume resources", tags: ['volume'] } },
    async (r) => {
      const node = await inventory.getNode(r.params.node_ident);
      return index(r, `nodes/${node.uuid}/volume`);
    },
  );

  for (const kind of ['connectors', 'targets'] as const) {
    const all = kind === 'connectors' ? CONNECTOR_FIELDS : TARGET_FIELDS;
    const dflt = kind === 'connectors' ? CONNECTOR_DEFAULT : TARGET_DEFAULT;
    const list = async (
      request: FastifyRequest<{ Querystring: ListQuery }>,
      nodeIdent: string | undefined,
      path: string,
    ) => {
      requireVersionOr404(request, 32);
      const q = request.query;
      const fields = parseFields(q.fields, all, request.apiMinor);
      const detail = parseDetail(q.detail, fields, request.apiMinor);
      const ident = nodeIdent ?? q.node;
      const nodeUuid = ident !== undefined ? (await inventory.getNode(ident)).uuid : undefined;
      const limit = effectiveLimit(q.limit);
      const pageOpts = {
        limit,
        ...(q.marker ? { marker: q.marker } : {}),
        ...(q.sort_dir ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
      };
      const shown = fields ?? (detail ? all : dflt);
      const b = base(request);
      let items: Record<string, unknown>[];
      let next: string | null;
      if (kind === 'connectors') {
        const page = await inventory.listVolumeConnectors(nodeUuid, pageOpts);
        items = page.items.map((c) => pick(connectorApi(c, b), shown));
        next = page.next;
      } else {
        const page = await inventory.listVolumeTargets(nodeUuid, pageOpts);
        items = page.items.map((t) => pick(targetApi(t, b), shown));
        next = page.next;
      }
      const body: Record<string, unknown> = { [kind]: items };
      const link = nextLink(b, path, q, limit, next);
      if (link) body.next = link;
      return body;
    };
    app.get<{ Querystring: ListQuery }>(
      `/v1/volume/${kind}`,
      { schema: { querystring: volumeListQuery, summary: `List volume ${kind}`, tags: ['volume'] } },
      (r) => list(r, undefined, `volume/${kind}`),
    );
    app.get<{ Querystring: ListQuery; Params: { node_ident: string } }>(
      `/v1/nodes/:node_ident/volume/${kind}`,
      {
        schema: {
          params: nodeIdentParams,
          querystring: volumeListQuery,
          summary: `A node's volume ${kind}`,
          tags: ['volume'],
        },
      },
      (r) => list(r, r.params.node_ident, `nodes/${r.params.node_ident}/volume/${kind}`),
    );
    app.get<V & { Querystring: { fields?: string } }>(
      `/v1/volume/${kind}/:volume_uuid`,
      {
        schema: {
          params: volumeParams,
          querystring: fieldsQuery,
          summary: `Show a volume ${kind.slice(0, -1)}`,
          tags: ['volume'],
        },
      },
      async (request) => {
        requireVersionOr404(request, 32);
        const fields = parseFields(request.query.fields, all, request.apiMinor) ?? all;
        const id = volumeUuid(request.params.volume_uuid);
        return kind === 'connectors'
          ? pick(connectorApi(await inventory.getVolumeConnector(id), base(request)), fields)
          : pick(targetApi(await inventory.getVolumeTarget(id), base(request)), fields);
      },
    );
    app.delete<V>(
      `/v1/volume/${kind}/:volume_uuid`,
      { schema: { params: volumeParams, summary: `Delete a volume ${kind.slice(0, -1)}`, tags: ['volume'] } },
      async (request, reply) => {
        requireVersionOr404(request, 32);
        const id = volumeUuid(request.params.volume_uuid);
        if (kind === 'connectors')
          await rpc.deleteVolumeConnector({ requestId: requestId(request), connector: id });
        else await rpc.deleteVolumeTarget({ requestId: requestId(request), target: id });
        return reply.code(204).send();
      },
    );
  }

  app.post<{
    Body: { uuid?: string; node_uuid: string; type: string; connector_id: string; extra?: JsonObject };
  }>(
    '/v1/volume/connectors',
    { schema: { body: volumeConnectorBody, summary: 'Create a volume connector', tags: ['volume'] } },
    async (request, reply) => {
      requireVersionOr404(request, 32);
      const b = request.body;
      const node = await inventory.getNode(b.node_uuid);
      const c = await rpc.createVolumeConnector({
        requestId: requestId(request),
        connector: {
          nodeUuid: node.uuid,
          type: b.type,
          connectorId: b.connector_id,
          ...(b.extra ? { extra: b.extra } : {}),
          ...(b.uuid ? { uuid: b.uuid.toLowerCase() } : {}),
        },
      });
      return reply
        .code(201)
        .header('Location', `${base(request)}/v1/volume/connectors/${c.uuid}`)
        .send(connectorApi(c, base(request)));
    },
  );
  app.post<{
    Body: {
      uuid?: string;
      node_uuid: string;
      volume_type: string;
      boot_index: number;
      volume_id: string;
      properties?: JsonObject;
      extra?: JsonObject;
    };
  }>(
    '/v1/volume/targets',
    { schema: { body: volumeTargetBody, summary: 'Create a volume target', tags: ['volume'] } },
    async (request, reply) => {
      requireVersionOr404(request, 32);
      const b = request.body;
      const node = await inventory.getNode(b.node_uuid);
      const t = await rpc.createVolumeTarget({
        requestId: requestId(request),
        target: {
          nodeUuid: node.uuid,
          volumeType: b.volume_type,
          bootIndex: b.boot_index,
          volumeId: b.volume_id,
          ...(b.properties ? { properties: b.properties } : {}),
          ...(b.extra ? { extra: b.extra } : {}),
          ...(b.uuid ? { uuid: b.uuid.toLowerCase() } : {}),
        },
      });
      return reply
        .code(201)
        .header('Location', `${base(request)}/v1/volume/targets/${t.uuid}`)
        .send(targetApi(t, base(request)));
    },
  );

  app.patch<V & { Body: PatchOperation[] }>(
    '/v1/volume/connectors/:volume_uuid',
    {
      schema: {
        params: volumeParams,
        body: jsonPatchBody,
        summary: 'Update a volume connector',
        tags: ['volume'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 32);
      const c = await inventory.getVolumeConnector(volumeUuid(request.params.volume_uuid));
      const doc = connectorApi(c, '');
      const allowed = ['type', 'connector_id', 'node_uuid', 'extra'];
      const patched = applyResourcePatch(doc, request.body, {
        allowed,
        mandatory: ['type', 'connector_id', 'node_uuid'],
        defaults: { extra: {} },
      });
      assertValid(volumeConnectorPatched, pick(patched, allowed), 'volume connector');
      const patch: Record<string, unknown> = {};
      if (!jsonEqual(patched.type, doc.type)) patch.type = patched.type;
      if (!jsonEqual(patched.connector_id, doc.connector_id)) patch.connectorId = patched.connector_id;
      if (!jsonEqual(patched.extra, doc.extra)) patch.extra = patched.extra;
      if (!jsonEqual(patched.node_uuid, doc.node_uuid))
        patch.nodeUuid = (await inventory.getNode(String(patched.node_uuid))).uuid;
      const updated = Object.keys(patch).length
        ? await rpc.updateVolumeConnector({ requestId: requestId(request), connector: c.uuid, patch })
        : c;
      return connectorApi(updated, base(request));
    },
  );
  app.patch<V & { Body: PatchOperation[] }>(
    '/v1/volume/targets/:volume_uuid',
    {
      schema: {
        params: volumeParams,
        body: jsonPatchBody,
        summary: 'Update a volume target',
        tags: ['volume'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 32);
      const t = await inventory.getVolumeTarget(volumeUuid(request.params.volume_uuid));
      const doc = targetApi(t, '');
      const allowed = ['volume_type', 'properties', 'boot_index', 'volume_id', 'node_uuid', 'extra'];
      const patched = applyResourcePatch(doc, request.body, {
        allowed,
        mandatory: ['volume_type', 'boot_index', 'volume_id', 'node_uuid'],
        defaults: { extra: {}, properties: {} },
      });
      assertValid(volumeTargetPatched, pick(patched, allowed), 'volume target');
      const keys: Record<string, string> = {
        volume_type: 'volumeType',
        properties: 'properties',
        boot_index: 'bootIndex',
        volume_id: 'volumeId',
        extra: 'extra',
      };
      const patch: Record<string, unknown> = {};
      for (const [api, key] of Object.entries(keys))
        if (!jsonEqual(patched[api], doc[api])) patch[key] = patched[api];
      if (!jsonEqual(patched.node_uuid, doc.node_uuid))
        patch.nodeUuid = (await inventory.getNode(String(patched.node_uuid))).uuid;
      const updated = Object.keys(patch).length
        ? await rpc.updateVolumeTarget({ requestId: requestId(request), target: t.uuid, patch })
        : t;
      return targetApi(updated, base(request));
    },
  );
}
