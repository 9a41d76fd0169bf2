import type { NodeRecord } from '@ferric/conductor';
import type { FastifyInstance } from 'fastify';
import { type RouteContext, requestId, requireVersionOr404, viewContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { normalizeMac } from './ports.js';

/** Ironic's microversion of `POST /v1/continue_inspection`. @public */
export const CONTINUE_INSPECTION_MINOR = 84;

const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

const continueInspectionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    node_uuid: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    },
  },
};

/** `{inventory, …plugin data}` as IPA posts it; inventory interfaces carry the MACs. */
const continueInspectionBody = {
  type: 'object',
  required: ['inventory'],
  properties: {
    inventory: {
      type: 'object',
      properties: {
        interfaces: {
          type: 'array',
          maxItems: 1024,
          items: {
            type: 'object',
            properties: { mac_address: { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'null' }] } },
          },
        },
      },
    },
  },
};

interface InspectionBody {
  inventory: { interfaces?: { mac_address?: string | null }[] } & Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * `POST /v1/continue_inspection[?node_uuid=]` (Ironic 1.84): in-band inspection data from the ramdisk.
 * Public like lookup/heartbeat. The node is `node_uuid`, or the one node owning a MAC of
 * `inventory.interfaces[].mac_address`; it must be in `inspect wait`. Answers 202 with `{uuid}`.
 * @public
 */
export function registerInspectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory, rpc } = ctx.backend;

  async function findNode(nodeUuid: string | undefined, body: InspectionBody): Promise<NodeRecord> {
    if (nodeUuid) return inventory.getNode(nodeUuid);
    const macs = (body.inventory.interfaces ?? [])
      .map((i) => i.mac_address)
      .filter((m): m is string => typeof m === 'string' && MAC.test(m));
    if (macs.length === 0)
      throw badRequest('No node_uuid and no valid MAC address in inventory.interfaces to find the node by.');
    const owners = new Set<string>();
    for (const mac of macs)
      for (const p of (await inventory.listPorts({ address: normalizeMac(mac) })).items)
        owners.add(p.nodeUuid);
    if (owners.size !== 1)
      throw notFound(
        owners.size === 0
          ? 'Node could not be found by the MAC addresses in the inventory.'
          : 'The MAC addresses in the inventory belong to more than one node.',
      );
    return inventory.getNode([...owners][0]!);
  }

  app.post<{ Querystring: { node_uuid?: string }; Body: InspectionBody }>(
    '/v1/continue_inspection',
    {
      schema: {
        querystring: continueInspectionQuery,
        body: continueInspectionBody,
        summary: 'In-band inspection data from the ramdisk (public)',
        tags: ['ramdisk'],
      },
    },
    async (request, reply) => {
      // Ironic also serves it at the base version 1.1 (what a ramdisk sends without a version header),
      // as a drop-in for ironic-inspector's callback.
      if (request.apiMinor !== 1) requireVersionOr404(request, CONTINUE_INSPECTION_MINOR);
      const { inventory: inv, ...pluginData } = request.body;
      const byUuid = request.query.node_uuid;
      const node = await findNode(byUuid, request.body);
      // The endpoint is public: a caller who only knows a MAC learns nothing about a node that is not
      // waiting for it (not its UUID, not its state), and nobody learns the state.
      if (node.provisionState !== 'inspect wait') {
        if (!byUuid) throw notFound('Node could not be found by the MAC addresses in the inventory.');
        throw new ApiError(
          400,
          `Node ${node.uuid} is not accepting inspection data (not in "inspect wait").`,
        );
      }
      await rpc.continueInspection({
        requestId: requestId(request),
        node: node.uuid,
        inventory: inv,
        ...(Object.keys(pluginData).length ? { pluginData } : {}),
      });
      // Ironic answers the node's UUID (IPA uses it when it has not looked itself up yet).
      return reply
        .code(202)
        .header('Location', `${viewContext(ctx, request).base}/v1/nodes/${node.uuid}`)
        .send({ uuid: node.uuid });
    },
  );
}
