import { AGENT_TOKEN_KEY as CONDUCTOR_AGENT_TOKEN_KEY, type NodeRecord } from '@ferric/conductor';
import { LOOKUP_ALLOWED_STATES } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeEqual } from '../auth/constant-time.js';
import { accepted, type RouteContext, requestId, requireVersionOr404, viewContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { MASK } from '../masking.js';
import { heartbeatBody, lookupQuery, nodeIdentParams } from '../schemas.js';
import { resourceLinks } from '../util.js';
import { normalizeMac } from './ports.js';

/** Where the one-time agent token lives (as in Ironic). */
export const AGENT_TOKEN_KEY: string = CONDUCTOR_AGENT_TOKEN_KEY;

interface HeartbeatBody {
  callback_url: string;
  agent_version?: string;
  agent_token?: string;
  agent_verify_ca?: string;
  agent_status?: string;
  agent_status_message?: string;
}

/**
 * Agent (IPA) endpoints, public like in Ironic: `GET /v1/lookup` hands out the node and a one-time
 * agent token; `POST /v1/heartbeat/{node}` checks it and forwards to the conductor.
 */
export function registerRamdiskRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory, rpc } = ctx.backend;

  async function findNode(q: { addresses?: string; node_uuid?: string }): Promise<NodeRecord> {
    if (q.node_uuid) return inventory.getNode(q.node_uuid);
    const macs = (q.addresses ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (macs.length === 0) throw badRequest('One of "addresses" or "node_uuid" is required.');
    if (macs.some((m) => !/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(m)))
      throw badRequest('Invalid MAC address in "addresses".');
    const owners = new Set<string>();
    for (const mac of macs) {
      for (const p of (await inventory.listPorts({ address: normalizeMac(mac) })).items)
        owners.add(p.nodeUuid);
    }
    if (owners.size !== 1) throw notFound('Node could not be found.');
    return inventory.getNode([...owners][0]!);
  }

  app.get<{ Querystring: { addresses?: string; node_uuid?: string } }>(
    '/v1/lookup',
    { schema: { querystring: lookupQuery, summary: 'Agent lookup (public)', tags: ['ramdisk'] } },
    async (request: FastifyRequest<{ Querystring: { addresses?: string; node_uuid?: string } }>) => {
      requireVersionOr404(request, 22);
      const found = await findNode(request.query);
      if (!LOOKUP_ALLOWED_STATES.includes(found.provisionState)) throw notFound('Node could not be found.');
      // The conductor owns the one-time token (Ironic's get_node_with_token): issued once, then masked.
      // Once issued, lookups need no lock (no RPC), so a busy node still answers its agent.
      const issued = found.driverInternalInfo[AGENT_TOKEN_KEY]
        ? { node: found, token: null }
        : await rpc.getNodeWithToken({ requestId: requestId(request), node: found.uuid });
      const node = issued.node;
      const token = issued.token ?? MASK;
      const view = viewContext(ctx, request);
      return {
        node: {
          uuid: node.uuid,
          properties: node.properties,
          instance_info: ctx.masker.maskInstanceInfo(ctx.masker.mask(node.instanceInfo)),
          driver_internal_info: ctx.masker.mask(node.driverInternalInfo),
          links: resourceLinks(view.base, `nodes/${node.uuid}`),
        },
        config: {
          heartbeat_timeout: 300,
          agent_token: token,
          agent_token_required: ctx.agentTokenRequired,
          metrics: {
            backend: 'noop',
            prepend_host: false,
            prepend_uuid: false,
            prepend_host_reverse: true,
            global_prefix: null,
          },
          metrics_statsd: { statsd_host: 'localhost', statsd_port: 8125 },
          agent_md5_checksum_enable: false,
          disable_deep_image_inspection: false,
          permitted_image_formats: ['raw', 'qcow2', 'iso'],
        },
      };
    },
  );

  app.post<{ Params: { node_ident: string }; Body: HeartbeatBody }>(
    '/v1/heartbeat/:node_ident',
    {
      schema: {
        params: nodeIdentParams,
        body: heartbeatBody,
        summary: 'Agent heartbeat (public)',
        tags: ['ramdisk'],
      },
    },
    async (request, reply) => {
      requireVersionOr404(request, 22);
      const node = await inventory.getNode(request.params.node_ident);
      const stored = node.driverInternalInfo[AGENT_TOKEN_KEY];
      const given = request.body.agent_token ?? '';
      const ok =
        typeof stored === 'string' && stored.length > 0 ? safeEqual(given, stored) : !ctx.agentTokenRequired;
      if (!ok) throw new ApiError(401, 'Invalid or missing agent token received.');
      const prevUrl = node.driverInternalInfo.agent_url;
      if (
        typeof prevUrl === 'string' &&
        prevUrl !== request.body.callback_url &&
        node.provisionState !== 'inspect wait'
      ) {
        // Ironic refuses a changed callback URL once recorded; we only log it (the agent may have moved).
        request.log.warn({ node: node.uuid }, 'agent callback URL changed');
      }
      const b = request.body;
      await rpc.heartbeat({
        requestId: requestId(request),
        node: node.uuid,
        callbackUrl: b.callback_url,
        agentVersion: b.agent_version ?? '',
        agentVerifyCa: b.agent_verify_ca ?? null,
        agentStatus: b.agent_status ?? null,
        agentStatusMessage: b.agent_status_message ?? null,
      });
      return accepted(reply, `${viewContext(ctx, request).base}/v1/nodes/${node.uuid}`);
    },
  );
}
