import type { ConductorEventName, ConductorEventPayload } from '@ferric/conductor';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RouteContext, requireVersionOr404 } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { eventsQuery } from '../schemas.js';

/** Every conductor event name the stream can carry. */
export const EVENT_NAMES: readonly ConductorEventName[] = [
  'node.created',
  'node.deleted',
  'node.provisionStateChanged',
  'node.powerStateChanged',
  'node.maintenanceChanged',
  'node.error',
  'node.progress',
  'periodic.started',
  'periodic.finished',
  'periodic.failed',
  'periodic.skipped',
];

/** Seconds between keep-alive comments on an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * `GET /v1/events` (Ferric extension beyond Ironic): a Server-Sent Events stream of node events and
 * periodic task runs (`periodic.started` / `finished` / `failed` / `skipped`) from the conductor,
 * optionally filtered by node (UUID or name; periodic events then drop out) and event names, so
 * clients stop polling.
 */
export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: { node?: string; type?: string } }>(
    '/v1/events',
    {
      schema: {
        querystring: eventsQuery,
        summary: 'Server-Sent Events stream of node events (Ferric extension)',
        tags: ['events'],
      },
    },
    async (
      request: FastifyRequest<{ Querystring: { node?: string; type?: string } }>,
      reply: FastifyReply,
    ) => {
      requireVersionOr404(request, 54);
      const source = ctx.backend.events;
      if (!source) throw notFound('This server has no event stream.');
      let types = [...EVENT_NAMES];
      if (request.query.type !== undefined) {
        const asked = request.query.type
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const bad = asked.filter((t) => !(EVENT_NAMES as readonly string[]).includes(t));
        if (bad.length || asked.length === 0)
          throw badRequest(
            `Unknown event type(s): ${bad.join(', ') || '(none)'}; known: ${EVENT_NAMES.join(', ')}.`,
          );
        types = asked as ConductorEventName[];
      }
      const nodeUuid =
        request.query.node !== undefined
          ? (await ctx.backend.inventory.getNode(request.query.node)).uuid
          : undefined;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        ...Object.fromEntries(Object.entries(reply.getHeaders()).map(([k, v]) => [k, String(v)])),
      });
      res.write(`: ferric event stream\nretry: 3000\n\n`);
      let seq = 0;
      const listeners: [ConductorEventName, (e: ConductorEventPayload) => void][] = types.map((name) => {
        const fn = (e: ConductorEventPayload) => {
          if (nodeUuid && (!('node' in e) || e.node !== nodeUuid)) return;
          const payload = ctx.masker.mask(e);
          res.write(`id: ${++seq}\nevent: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
        };
        return [name, fn];
      });
      for (const [name, fn] of listeners) source.on(name, fn);
      const timer = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
      timer.unref();
      const close = () => {
        clearInterval(timer);
        for (const [name, fn] of listeners) source.off(name, fn);
      };
      res.on('close', close);
      request.raw.on('close', close);
    },
  );
}
