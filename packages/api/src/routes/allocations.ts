import type { AllocationState } from '@ferric/conductor';
import type { JsonObject } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type RouteContext,
  requestId,
  requireVersion,
  requireVersionOr404,
  viewContext,
} from '../context.js';
import { badRequest, notAcceptable, notFound } from '../errors.js';
import { effectiveLimit, nextLink, parseFields, parseSortKey } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  allocationCreateBody,
  allocationListQuery,
  allocationParams,
  allocationPatchedDocument,
  fieldsQuery,
  jsonPatchBody,
  nodeIdentParams,
} from '../schemas.js';
import { jsonEqual } from '../util.js';
import { assertValid } from '../validation.js';
import { ALLOCATION_FIELD_VERSIONS, allocationFieldsAt, renderAllocation } from '../views/allocation.js';

type ListQuery = Record<string, string | undefined>;
type A = { Params: { allocation_ident: string } };
interface CreateBody {
  uuid?: string;
  name?: string | null;
  resource_class?: string;
  traits?: string[];
  candidate_nodes?: string[];
  extra?: JsonObject;
  node?: string;
  owner?: string | null;
}

/** Allocations (API 1.52): list, show, create (processed at once), PATCH name/extra (1.57), delete; node's allocation. */
export function registerAllocationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const base = (request: FastifyRequest) => viewContext(ctx, request).base;

  app.get<{ Querystring: ListQuery }>(
    '/v1/allocations',
    { schema: { querystring: allocationListQuery, summary: 'List allocations', tags: ['allocations'] } },
    async (request) => {
      requireVersionOr404(request, 52);
      const q = request.query;
      const allowed = allocationFieldsAt(request.apiMinor);
      const fields = parseFields(q.fields, allowed, request.apiMinor);
      if (q.owner !== undefined) requireVersion(request, 60, 'Filtering by owner');
      const sortKey = parseSortKey(q.sort_key, ['created_at', 'uuid'] as const, allowed);
      const limit = effectiveLimit(q.limit);
      const page = await inventory.listAllocations(
        {
          ...(q.node !== undefined ? { nodeUuid: (await inventory.getNode(q.node)).uuid } : {}),
          ...(q.resource_class !== undefined ? { resourceClass: q.resource_class } : {}),
          ...(q.state !== undefined ? { state: q.state as AllocationState } : {}),
          ...(q.owner !== undefined ? { owner: q.owner } : {}),
        },
        {
          limit,
          ...(q.marker ? { marker: q.marker } : {}),
          ...(sortKey ? { sortKey } : {}),
          ...(q.sort_dir ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
        },
      );
      const shown = fields ?? allowed;
      const body: Record<string, unknown> = {
        allocations: page.items.map((a) => renderAllocation(a, base(request), shown)),
      };
      const next = nextLink(base(request), 'allocations', q, limit, page.next);
      if (next) body.next = next;
      return body;
    },
  );

  app.get<A & { Querystring: { fields?: string } }>(
    '/v1/allocations/:allocation_ident',
    {
      schema: {
        params: allocationParams,
        querystring: fieldsQuery,
        summary: 'Show an allocation',
        tags: ['allocations'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 52);
      const allowed = allocationFieldsAt(request.apiMinor);
      const fields = parseFields(request.query.fields, allowed, request.apiMinor);
      const a = await inventory.getAllocation(request.params.allocation_ident);
      return renderAllocation(a, base(request), fields ?? allowed);
    },
  );

  app.post<{ Body: CreateBody }>(
    '/v1/allocations',
    { schema: { body: allocationCreateBody, summary: 'Create an allocation', tags: ['allocations'] } },
    async (request, reply) => {
      requireVersionOr404(request, 52);
      const b = request.body;
      if (b.node !== undefined) requireVersion(request, 58, 'Backfilling an allocation ("node")');
      if (b.owner !== undefined) requireVersion(request, 60, 'An allocation owner');
      if (b.node === undefined && b.resource_class === undefined)
        throw badRequest('"resource_class" is required unless "node" is given.');
      if (b.node !== undefined && b.candidate_nodes !== undefined)
        throw badRequest('"candidate_nodes" can not be combined with "node".');
      const a = await rpc.createAllocation({
        requestId: requestId(request),
        allocation: {
          ...(b.uuid ? { uuid: b.uuid.toLowerCase() } : {}),
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.resource_class !== undefined ? { resourceClass: b.resource_class } : {}),
          ...(b.traits !== undefined ? { traits: b.traits } : {}),
          ...(b.candidate_nodes !== undefined ? { candidateNodes: b.candidate_nodes } : {}),
          ...(b.extra !== undefined ? { extra: b.extra } : {}),
          ...(b.node !== undefined ? { node: b.node } : {}),
          ...(b.owner !== undefined ? { owner: b.owner } : {}),
        },
      });
      return reply
        .code(201)
        .header('Location', `${base(request)}/v1/allocations/${a.uuid}`)
        .send(renderAllocation(a, base(request), allocationFieldsAt(request.apiMinor)));
    },
  );

  app.patch<A & { Body: PatchOperation[] }>(
    '/v1/allocations/:allocation_ident',
    {
      schema: {
        params: allocationParams,
        body: jsonPatchBody,
        summary: 'Update an allocation',
        tags: ['allocations'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 52);
      if (request.apiMinor < 57)
        throw notAcceptable('Updating an allocation requires API version 1.57 or later.');
      const a = await inventory.getAllocation(request.params.allocation_ident);
      const doc = renderAllocation(a, '', Object.keys(ALLOCATION_FIELD_VERSIONS));
      const patched = applyResourcePatch(doc, request.body, {
        allowed: ['name', 'extra'],
        mandatory: [],
        defaults: { name: null, extra: {} },
      });
      assertValid(allocationPatchedDocument, { name: patched.name, extra: patched.extra }, 'allocation');
      const patch: { name?: string | null; extra?: JsonObject } = {};
      if (!jsonEqual(patched.name, doc.name)) patch.name = patched.name as string | null;
      if (!jsonEqual(patched.extra, doc.extra)) patch.extra = patched.extra as JsonObject;
      const updated = Object.keys(patch).length
        ? await rpc.updateAllocation({ requestId: requestId(request), allocation: a.uuid, patch })
        : a;
      return renderAllocation(updated, base(request), allocationFieldsAt(request.apiMinor));
    },
  );

  app.delete<A>(
    '/v1/allocations/:allocation_ident',
    { schema: { params: allocationParams, summary: 'Delete an allocation', tags: ['allocations'] } },
    async (request, reply) => {
      requireVersionOr404(request, 52);
      const a = await inventory.getAllocation(request.params.allocation_ident);
      await rpc.deleteAllocation({ requestId: requestId(request), allocation: a.uuid });
      return reply.code(204).send();
    },
  );

  // The node's allocation.
  const nodeAllocation = async (request: FastifyRequest<{ Params: { node_ident: string } }>) => {
    requireVersionOr404(request, 52);
    const node = await inventory.getNode(request.params.node_ident);
    if (!node.allocationUuid) throw notFound(`Node ${node.uuid} has no allocation.`);
    return inventory.getAllocation(node.allocationUuid);
  };
  app.get<{ Params: { node_ident: string }; Querystring: { fields?: string } }>(
    '/v1/nodes/:node_ident/allocation',
    {
      schema: {
        params: nodeIdentParams,
        querystring: fieldsQuery,
        summary: "A node's allocation",
        tags: ['nodes'],
      },
    },
    async (request) => {
      const allowed = allocationFieldsAt(request.apiMinor);
      const fields = parseFields(request.query.fields, allowed, request.apiMinor);
      return renderAllocation(await nodeAllocation(request), base(request), fields ?? allowed);
    },
  );
  app.delete<{ Params: { node_ident: string } }>(
    '/v1/nodes/:node_ident/allocation',
    { schema: { params: nodeIdentParams, summary: "Delete a node's allocation", tags: ['nodes'] } },
    async (request, reply) => {
      const a = await nodeAllocation(request);
      await rpc.deleteAllocation({ requestId: requestId(request), allocation: a.uuid });
      return reply.code(204).send();
    },
  );
}
