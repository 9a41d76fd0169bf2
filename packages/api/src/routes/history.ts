import type { NodeHistoryRecord } from '@ferric/conductor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOr404, viewContext } from '../context.js';
import { badRequest } from '../errors.js';
import { effectiveLimit, nextLink, parseFields } from '../listing.js';
import { historyEventParams, historyListQuery, nodeIdentParams } from '../schemas.js';
import { isoTime, parseBool, resourceLinks, UUID_RE } from '../util.js';

/** Fields of a history list entry without `detail` (python-ironicclient `NODE_HISTORY_RESOURCE`). */
const DEFAULT_FIELDS = ['uuid', 'created_at', 'severity', 'event', 'links'];
/** Every field of a history event. */
const ALL_FIELDS = ['uuid', 'created_at', 'severity', 'event_type', 'event', 'conductor', 'user', 'links'];

type ListQuery = {
  limit?: string;
  marker?: string;
  sort_dir?: 'asc' | 'desc';
  detail?: string;
  fields?: string;
};

function renderEvent(
  e: NodeHistoryRecord,
  base: string,
  nodeUuid: string,
  fields: readonly string[],
): Record<string, unknown> {
  const all: Record<string, unknown> = {
    uuid: e.uuid,
    created_at: isoTime(e.createdAt),
    severity: e.severity,
    event_type: e.eventType,
    event: e.event,
    conductor: e.conductor,
    user: e.user,
    links: resourceLinks(base, `nodes/${nodeUuid}/history/${e.uuid}`),
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

/** Node history (API 1.78): `GET /v1/nodes/{id}/history[/detail]` and `…/history/{event uuid}`. */
export function registerHistoryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory } = ctx.backend;

  async function list(
    request: FastifyRequest<{ Params: { node_ident: string }; Querystring: ListQuery }>,
    forceDetail: boolean,
  ) {
    requireVersionOr404(request, 78);
    const node = await inventory.getNode(request.params.node_ident);
    const q = request.query;
    const fields = parseFields(q.fields, ALL_FIELDS, request.apiMinor);
    const detail = forceDetail || parseBool(q.detail) === true;
    if (detail && fields) throw badRequest("Can't fetch a subset of fields with 'detail' set");
    const limit = effectiveLimit(q.limit);
    const page = await inventory.listNodeHistory(node.uuid, {
      limit,
      ...(q.marker ? { marker: q.marker } : {}),
      ...(q.sort_dir ? { sortDir: q.sort_dir } : {}),
    });
    const base = viewContext(ctx, request).base;
    const shown = fields ?? (detail ? ALL_FIELDS : DEFAULT_FIELDS);
    const body: Record<string, unknown> = {
      history: page.items.map((e) => renderEvent(e, base, node.uuid, shown)),
    };
    const path = `nodes/${node.uuid}/history${forceDetail ? '/detail' : ''}`;
    const next = nextLink(base, path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  app.get<{ Params: { node_ident: string }; Querystring: ListQuery }>(
    '/v1/nodes/:node_ident/history',
    {
      schema: {
        params: nodeIdentParams,
        querystring: historyListQuery,
        summary: 'Node history events',
        tags: ['nodes'],
      },
    },
    (request) => list(request, false),
  );

  app.get<{ Params: { node_ident: string; event: string }; Querystring: ListQuery }>(
    '/v1/nodes/:node_ident/history/:event',
    {
      schema: {
        params: historyEventParams,
        querystring: historyListQuery,
        summary: 'One node history event (or the detailed list as /history/detail)',
        tags: ['nodes'],
      },
    },
    async (request) => {
      if (request.params.event === 'detail') return list(request, true);
      requireVersionOr404(request, 78);
      if (!UUID_RE.test(request.params.event))
        throw badRequest(`Expected a UUID for the history event but received ${request.params.event}.`);
      const node = await inventory.getNode(request.params.node_ident);
      const event = await inventory.getNodeHistoryEvent(node.uuid, request.params.event.toLowerCase());
      return renderEvent(event, viewContext(ctx, request).base, node.uuid, ALL_FIELDS);
    },
  );
}
