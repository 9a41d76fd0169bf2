import type { FastifyInstance } from 'fastify';
import { type RouteContext, requireVersionOr404 } from '../context.js';
import { externalEventsBody } from '../schemas.js';

/** One Neutron port event (Ironic's `NETWORK_EVENT_VALIDATOR`). */
interface ExternalEvent {
  event: 'network.bind_port' | 'network.unbind_port' | 'network.delete_port';
  port_id: string;
  mac_address: string;
  status: string;
  device_id?: string;
  'binding:host_id'?: string;
  'binding:vnic_type'?: string;
}

/**
 * `POST /v1/events` (1.54): external (Neutron) network events. Validated exactly like Ironic's
 * `EventsController.post` and, as there, only logged (no driver consumes them); 204.
 */
export function registerExternalEventRoutes(app: FastifyInstance, _ctx: RouteContext): void {
  app.post<{ Body: { events: ExternalEvent[] } }>(
    '/v1/events',
    { schema: { body: externalEventsBody, summary: 'External (Neutron) network events', tags: ['events'] } },
    async (request, reply) => {
      requireVersionOr404(request, 54);
      for (const e of request.body.events) {
        request.log.info(
          { event: e.event, port: e.port_id, status: e.status, device: e.device_id ?? null },
          'external network event received',
        );
      }
      return reply.code(204).send();
    },
  );
}
