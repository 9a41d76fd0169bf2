import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOr404, viewContext } from '../context.js';
import { nodeIdentParams } from '../schemas.js';

type P = { Params: { node_ident: string } };

/**
 * What inspection and the node hierarchy tell about a node: `GET /v1/nodes/{id}/inventory` (1.81,
 * the last inspection's inventory and plugin data), `GET /v1/nodes/{id}/children` (1.83).
 */
export function registerNodeInspectionDataRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory } = ctx.backend;

  app.get<P>(
    '/v1/nodes/:node_ident/inventory',
    { schema: { params: nodeIdentParams, summary: "The node's inspection data", tags: ['nodes'] } },
    async (request: FastifyRequest<P>) => {
      requireVersionOr404(request, 81);
      const node = await inventory.locateNode(request.params.node_ident);
      const data = await inventory.getNodeInventory(node.uuid);
      return { inventory: data.inventory, plugin_data: data.pluginData };
    },
  );

  app.get<P>(
    '/v1/nodes/:node_ident/children',
    { schema: { params: nodeIdentParams, summary: "UUIDs of the node's children", tags: ['nodes'] } },
    async (request: FastifyRequest<P>) => {
      requireVersionOr404(request, 83);
      const parent = await inventory.locateNode(request.params.node_ident);
      const children: string[] = [];
      let marker: string | undefined;
      do {
        const page = await inventory.listNodes(
          { parentNode: parent.uuid },
          { limit: 1000, ...(marker ? { marker } : {}) },
          ['uuid'],
        );
        for (const n of page.items) children.push(n.uuid);
        marker = page.next ?? undefined;
      } while (marker);
      const base = viewContext(ctx, request).base;
      // Ironic links the filtered node list (one link object, not a list).
      return {
        children,
        links: { href: `${base}/v1/nodes?parent_node=${parent.uuid}`, rel: 'children' },
      };
    },
  );
}
