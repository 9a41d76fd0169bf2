import { invalidTraitMessage, isValidTrait } from '@ferric/conductor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersionOr404 } from '../context.js';
import { ApiError, badRequest, notAcceptable } from '../errors.js';
import { nodeIdentParams, traitParams, traitsBody } from '../schemas.js';

type P = { Params: { node_ident: string } };
type T = { Params: { node_ident: string; trait: string } };

/**
 * Before 1.37 the traits paths fall through to what older Ironic releases answered there: `GET` is
 * 406, `PUT` is 405 (with the node resource's `Allow`), `DELETE` is 404. Clients (and Ironic's own
 * API tests) check these codes.
 */
function beforeTraits(request: FastifyRequest): void {
  if (request.apiMinor >= 37) return;
  if (request.method === 'GET') throw notAcceptable('Request not acceptable.');
  if (request.method === 'PUT')
    throw new ApiError(405, 'Method Not Allowed', { Allow: 'DELETE, GET, PATCH, POST' });
  requireVersionOr404(request, 37);
}

/**
 * Node traits (API 1.37): `GET/PUT/DELETE /v1/nodes/{id}/traits` and `PUT/DELETE …/traits/{trait}`,
 * stored by the conductor (`addNodeTraits` / `removeNodeTraits`). Names are validated as Ironic does.
 */
export function registerTraitRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const uuidOf = async (request: FastifyRequest<P>) => {
    beforeTraits(request);
    return (await inventory.getNode(request.params.node_ident)).uuid;
  };
  const checkTrait = (trait: unknown) => {
    if (!isValidTrait(trait)) throw badRequest(invalidTraitMessage(trait));
  };

  app.get<P>(
    '/v1/nodes/:node_ident/traits',
    { schema: { params: nodeIdentParams, summary: 'Node traits', tags: ['nodes'] } },
    async (request) => {
      beforeTraits(request);
      return { traits: (await inventory.getNode(request.params.node_ident)).traits };
    },
  );

  app.put<P & { Body: { traits: string[] } }>(
    '/v1/nodes/:node_ident/traits',
    {
      schema: { params: nodeIdentParams, body: traitsBody, summary: 'Replace node traits', tags: ['nodes'] },
    },
    async (request, reply) => {
      const node = await uuidOf(request);
      for (const t of request.body.traits) checkTrait(t);
      await rpc.addNodeTraits({
        requestId: requestId(request),
        node,
        traits: request.body.traits,
        replace: true,
      });
      return reply.code(204).send();
    },
  );

  app.put<T>(
    '/v1/nodes/:node_ident/traits/:trait',
    { schema: { params: traitParams, summary: 'Add a trait', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request);
      checkTrait(request.params.trait);
      await rpc.addNodeTraits({ requestId: requestId(request), node, traits: [request.params.trait] });
      return reply.code(204).send();
    },
  );

  app.delete<T>(
    '/v1/nodes/:node_ident/traits/:trait',
    { schema: { params: traitParams, summary: 'Remove a trait', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request);
      await rpc.removeNodeTraits({ requestId: requestId(request), node, traits: [request.params.trait] });
      return reply.code(204).send();
    },
  );

  app.delete<P>(
    '/v1/nodes/:node_ident/traits',
    { schema: { params: nodeIdentParams, summary: 'Remove all traits', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request);
      await rpc.removeNodeTraits({ requestId: requestId(request), node });
      return reply.code(204).send();
    },
  );
}
