import type { FastifyInstance } from 'fastify';
import { type RouteContext, requireVersionOrNotFound } from '../context.js';

/** `GET /v1/shards` (1.82): every shard with its node count (unsharded nodes count as `None`). */
export function registerShardRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/v1/shards',
    { schema: { summary: 'Shards and their node counts', tags: ['shards'] } },
    async (request) => {
      requireVersionOrNotFound(request, 82, 'The API version does not allow shards');
      return { shards: await ctx.backend.inventory.listShards() };
    },
  );
}
