import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { bodyObject, requireString, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import type { EventSubscription } from '../service.js';

const BASE = `${REDFISH_ROOT}/EventService`;
const EVENT_TYPES = ['StatusChange', 'ResourceUpdated', 'ResourceAdded', 'ResourceRemoved', 'Alert'];

function subscriptionBody(s: EventSubscription): JsonObject {
  return {
    ...odata(`${BASE}/Subscriptions/${s.id}`, '#EventDestination.v1_13_0.EventDestination'),
    Id: s.id,
    Name: 'Event Subscription',
    Destination: s.destination,
    Context: s.context,
    Protocol: 'Redfish',
    EventTypes: [...s.eventTypes],
    SubscriptionType: 'RedfishEvent',
    Status: status('Enabled', 'OK', false),
  };
}

/**
 * Registers EventService: Subscriptions (create with POST → 201 + Location, DELETE) and
 * `#EventService.SubmitTestEvent`, which POSTs a test event to every subscriber.
 */
export function registerEvents(app: FastifyInstance): void {
  resource(app, BASE, {
    get: () => ({
      ...odata(BASE, '#EventService.v1_10_0.EventService'),
      Id: 'EventService',
      Name: 'Event Service',
      ServiceEnabled: true,
      Status: status('Enabled', 'OK', false),
      DeliveryRetryAttempts: 3,
      DeliveryRetryIntervalSeconds: 30,
      EventTypesForSubscription: EVENT_TYPES,
      Subscriptions: link(`${BASE}/Subscriptions`),
      Actions: {
        '#EventService.SubmitTestEvent': {
          target: `${BASE}/Actions/EventService.SubmitTestEvent`,
          'EventType@Redfish.AllowableValues': EVENT_TYPES,
        },
      },
    }),
  });
  resource(app, `${BASE}/Subscriptions`, {
    get: ({ service }) =>
      collection(
        `${BASE}/Subscriptions`,
        '#EventDestinationCollection.EventDestinationCollection',
        'Event Subscriptions Collection',
        [...service.subscriptions.keys()].map((id) => `${BASE}/Subscriptions/${id}`),
      ),
    post: ({ service, body }) => {
      const b = bodyObject(body);
      const destination = requireString(b, 'Destination', 'Create EventDestination');
      let url: URL;
      try {
        url = new URL(destination);
      } catch {
        throw Errors.propertyValueTypeError(destination, 'Destination');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw Errors.propertyValueNotInList(destination, 'Destination');
      }
      if (b.Protocol !== undefined && b.Protocol !== 'Redfish') {
        throw Errors.propertyValueNotInList(String(b.Protocol), 'Protocol');
      }
      const types = b.EventTypes ?? ['Alert'];
      if (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || !EVENT_TYPES.includes(t))) {
        throw Errors.propertyValueNotInList(JSON.stringify(types), 'EventTypes');
      }
      const sub: EventSubscription = {
        id: String(service.nextSubscription++),
        destination,
        context: typeof b.Context === 'string' ? b.Context : '',
        eventTypes: types as string[],
      };
      service.subscriptions.set(sub.id, sub);
      return {
        status: 201,
        body: subscriptionBody(sub),
        headers: { Location: `${BASE}/Subscriptions/${sub.id}` },
      };
    },
  });
  resource(app, `${BASE}/Subscriptions/:sid`, {
    get: ({ service, params, path }) => {
      const s = service.subscriptions.get(params.sid ?? '');
      if (!s) throw Errors.resourceNotFound(path);
      return subscriptionBody(s);
    },
    delete: ({ service, params, path }) => {
      if (!service.subscriptions.delete(params.sid ?? '')) throw Errors.resourceNotFound(path);
      return { status: 204 };
    },
  });
  resource(app, `${BASE}/Actions/EventService.SubmitTestEvent`, {
    post: ({ service, body }) => {
      const b = bodyObject(body);
      const type = typeof b.EventType === 'string' ? b.EventType : 'Alert';
      if (!EVENT_TYPES.includes(type)) {
        throw Errors.actionParameterNotSupported(type, 'EventType', 'EventService.SubmitTestEvent');
      }
      const message = typeof b.Message === 'string' ? b.Message : 'Test event';
      for (const s of service.subscriptions.values()) {
        const event = {
          '@odata.type': '#Event.v1_7_0.Event',
          Id: String(Date.now()),
          Name: 'Event Array',
          Context: s.context,
          Events: [
            {
              EventType: type,
              EventId: String(Date.now()),
              EventTimestamp: new Date().toISOString(),
              Severity: 'OK',
              Message: message,
              MessageId: typeof b.MessageId === 'string' ? b.MessageId : 'Base.1.8.Success',
              MessageArgs: [],
            },
          ],
        };
        // Delivery is best effort, like a BMC's: failures are not reported to the submitter.
        fetch(s.destination, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(5000),
        }).then(
          (r) => r.body?.cancel(),
          () => undefined,
        );
      }
      return { status: 204 };
    },
  });
}
