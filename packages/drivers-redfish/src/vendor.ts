import {
  InvalidParameterValue,
  type JsonObject,
  MissingParameterValue,
  passthru,
  type Task,
  VendorInterface,
  type VirtualMediaDevice,
} from '@ferric/core';
import { arr, linkOf, memberLinks, type RedfishResource, str } from './client/types.js';
import { type RedfishContext, redfishContext } from './common.js';
import { parseDriverInfo } from './driver-info.js';
import { RedfishResourceNotFound } from './errors.js';

const DEVICES: readonly VirtualMediaDevice[] = ['cdrom', 'dvd', 'floppy', 'usb'];

/** A Redfish event subscription as the vendor passthru reports it. @public */
export interface EventSubscription {
  id: string;
  /** `@odata.id` of the subscription. */
  path: string;
  destination: string | null;
  protocol: string | null;
  eventTypes: string[];
  context: string | null;
}

function subscriptionOf(path: string, body: RedfishResource): EventSubscription {
  return {
    id: str(body, 'Id') ?? path.split('/').pop() ?? path,
    path,
    destination: str(body, 'Destination'),
    protocol: str(body, 'Protocol'),
    eventTypes: arr(body, 'EventTypes').filter((t): t is string => typeof t === 'string'),
    context: str(body, 'Context'),
  };
}

function toJson(s: EventSubscription): JsonObject {
  return {
    id: s.id,
    path: s.path,
    destination: s.destination,
    protocol: s.protocol,
    event_types: s.eventTypes,
    context: s.context,
  };
}

/**
 * `redfish` vendor passthru (Ironic `RedfishVendorPassthru`): `eject_vmedia`
 * (optionally one `boot_device`), and event subscriptions on the BMC's
 * EventService: `create_subscription` (`Destination`, optional `EventTypes`,
 * `Context`, `Protocol`, `HttpHeaders`), `delete_subscription` (`id`),
 * `get_subscription` (`id`) and `get_all_subscriptions`.
 * @public
 */
export class RedfishVendor extends VendorInterface {
  validate(task: Task, method?: string, args: Readonly<Record<string, unknown>> = {}): void {
    parseDriverInfo(task.node.driverInfo);
    if (method === undefined) return;
    if (!this.routes.node.has(method))
      throw new InvalidParameterValue(`Unknown Redfish vendor method '${method}'.`);
    if (
      method === 'eject_vmedia' &&
      args.boot_device !== undefined &&
      !DEVICES.includes(args.boot_device as VirtualMediaDevice)
    ) {
      throw new InvalidParameterValue(`boot_device must be one of ${DEVICES.join(', ')}.`);
    }
    if (method === 'create_subscription') {
      const destination = args.Destination;
      if (typeof destination !== 'string' || destination === '') {
        throw new MissingParameterValue("create_subscription needs 'Destination' (an http(s) URL).");
      }
      let url: URL;
      try {
        url = new URL(destination);
      } catch {
        throw new InvalidParameterValue(`Destination '${destination}' is not a URL.`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new InvalidParameterValue('Destination must be an http(s) URL.');
      if (
        args.EventTypes !== undefined &&
        !(Array.isArray(args.EventTypes) && args.EventTypes.every((t) => typeof t === 'string'))
      ) {
        throw new InvalidParameterValue('EventTypes must be a list of strings.');
      }
    }
    if ((method === 'delete_subscription' || method === 'get_subscription') && typeof args.id !== 'string') {
      throw new MissingParameterValue(`${method} needs the subscription 'id'.`);
    }
  }

  /** Eject virtual media (all drives, or the one serving `boot_device`). */
  @passthru({
    httpMethods: ['POST'],
    method: 'eject_vmedia',
    async: true,
    description: 'Eject virtual media (optional boot_device: cdrom, dvd, floppy, usb).',
  })
  async ejectVmedia(task: Task, args: { boot_device?: VirtualMediaDevice } = {}): Promise<void> {
    await task.driver.management.detachVirtualMedia(task, args.boot_device ? [args.boot_device] : undefined);
  }

  /** Subscribe `Destination` to the BMC's events. */
  @passthru({
    httpMethods: ['POST'],
    method: 'create_subscription',
    async: false,
    description: 'Create a Redfish event subscription.',
  })
  async createSubscription(task: Task, args: Readonly<Record<string, unknown>>): Promise<JsonObject> {
    const ctx = await redfishContext(task);
    const collection = await this.#subscriptions(ctx);
    const body: RedfishResource = {
      Destination: args.Destination as string,
      Protocol: typeof args.Protocol === 'string' ? args.Protocol : 'Redfish',
      Context: typeof args.Context === 'string' ? args.Context : '',
    };
    if (Array.isArray(args.EventTypes)) body.EventTypes = args.EventTypes as string[];
    if (Array.isArray(args.HttpHeaders)) body.HttpHeaders = args.HttpHeaders as RedfishResource[];
    const res = await ctx.client.post(collection, body);
    const path = res.location ?? linkOf(res.body);
    if (!path)
      throw new RedfishResourceNotFound(
        `The BMC at ${ctx.client.address} created a subscription but did not say where.`,
      );
    const created = res.body && str(res.body, 'Destination') ? res.body : await ctx.client.get(path);
    return toJson(subscriptionOf(path, created));
  }

  /** Delete a subscription by id. */
  @passthru({
    httpMethods: ['DELETE'],
    method: 'delete_subscription',
    async: false,
    description: 'Delete a Redfish event subscription.',
  })
  async deleteSubscription(task: Task, args: { id?: string }): Promise<void> {
    const ctx = await redfishContext(task);
    await ctx.client.delete(`${await this.#subscriptions(ctx)}/${encodeURIComponent(String(args.id))}`);
  }

  /** One subscription by id. */
  @passthru({
    httpMethods: ['GET'],
    method: 'get_subscription',
    async: false,
    requireExclusiveLock: false,
    description: 'Get a Redfish event subscription.',
  })
  async getSubscription(task: Task, args: { id?: string }): Promise<JsonObject> {
    const ctx = await redfishContext(task);
    const path = `${await this.#subscriptions(ctx)}/${encodeURIComponent(String(args.id))}`;
    return toJson(subscriptionOf(path, await ctx.client.get(path)));
  }

  /** Every subscription. */
  @passthru({
    httpMethods: ['GET'],
    method: 'get_all_subscriptions',
    async: false,
    requireExclusiveLock: false,
    description: 'List Redfish event subscriptions.',
  })
  async getAllSubscriptions(task: Task): Promise<JsonObject> {
    const ctx = await redfishContext(task);
    const list: JsonObject[] = [];
    for (const path of memberLinks(await ctx.client.get(await this.#subscriptions(ctx)))) {
      list.push(toJson(subscriptionOf(path, await ctx.client.get(path))));
    }
    return { subscriptions: list };
  }

  async #subscriptions(ctx: RedfishContext): Promise<string> {
    const root = await ctx.client.root();
    const eventService = linkOf(root.EventService);
    if (!eventService) {
      throw new RedfishResourceNotFound(
        `The BMC at ${ctx.client.address} has no EventService; event subscriptions are not available.`,
        {
          status: 404,
        },
      );
    }
    return linkOf((await ctx.client.get(eventService)).Subscriptions) ?? `${eventService}/Subscriptions`;
  }
}
