import type { FastifyInstance } from 'fastify';
import type { MediaSlot } from '../backends/machine.js';
import { Errors } from '../errors.js';
import { bodyObject, checkWritable, requireString, resource } from '../http.js';
import { collection, type JsonObject, odata, REDFISH_ROOT, status } from '../odata.js';
import type { RedfishService } from '../service.js';
import type { EmulatedSystem } from '../system.js';

const MEDIA_TYPES: Record<MediaSlot, string[]> = { Cd: ['CD', 'DVD'], Floppy: ['Floppy', 'USBStick'] };
const PROTOCOLS = ['HTTP', 'HTTPS'];

function mediaBody(s: EmulatedSystem, base: string, slot: MediaSlot): JsonObject {
  const m = s.media.get(slot);
  if (!m) throw Errors.resourceNotFound(`${base}/${slot}`);
  const uri = `${base}/${slot}`;
  return {
    ...odata(uri, '#VirtualMedia.v1_6_0.VirtualMedia'),
    Id: slot,
    Name: slot === 'Cd' ? 'Virtual CD' : 'Virtual Removable Media',
    MediaTypes: MEDIA_TYPES[slot],
    Image: m.image,
    ImageName: m.image ? (m.image.split('/').pop() ?? '') : null,
    Inserted: m.inserted,
    WriteProtected: m.writeProtected,
    ConnectedVia: m.connectedVia,
    TransferProtocolType: m.transferProtocolType,
    TransferMethod: 'Stream',
    Status: status('Enabled', 'OK', false),
    Actions: {
      '#VirtualMedia.InsertMedia': {
        target: `${uri}/Actions/VirtualMedia.InsertMedia`,
        'TransferProtocolType@Redfish.AllowableValues': PROTOCOLS,
      },
      '#VirtualMedia.EjectMedia': { target: `${uri}/Actions/VirtualMedia.EjectMedia` },
    },
  };
}

function slotOf(id: string | undefined, path: string): MediaSlot {
  if (id === 'Cd' || id === 'Floppy') return id;
  throw Errors.resourceNotFound(path);
}

async function insert(s: EmulatedSystem, slot: MediaSlot, body: unknown): Promise<void> {
  const action = 'VirtualMedia.InsertMedia';
  const image = requireString(body, 'Image', action);
  const b = bodyObject(body);
  if (b.Inserted === false)
    throw Errors.actionParameterValueError('Inserted', action, 'only true is supported');
  const proto = b.TransferProtocolType;
  if (proto !== undefined && proto !== null && (typeof proto !== 'string' || !PROTOCOLS.includes(proto))) {
    throw Errors.actionParameterNotSupported(String(proto), 'TransferProtocolType', action);
  }
  if (b.WriteProtected !== undefined && typeof b.WriteProtected !== 'boolean') {
    throw Errors.propertyValueTypeError(JSON.stringify(b.WriteProtected), 'WriteProtected');
  }
  await s.insertMedia(slot, image, {
    ...(typeof b.WriteProtected === 'boolean' ? { writeProtected: b.WriteProtected } : {}),
    transferProtocolType: typeof proto === 'string' ? proto : null,
  });
}

type Lookup = (service: RedfishService, owner: string, path: string) => { s: EmulatedSystem; base: string };

function registerUnder(app: FastifyInstance, prefix: string, lookup: Lookup): void {
  resource(app, prefix, {
    get: ({ service, params, path }) => {
      const { s, base } = lookup(service, params.owner ?? '', path);
      return collection(
        base,
        '#VirtualMediaCollection.VirtualMediaCollection',
        'Virtual Media Services',
        [...s.media.keys()].map((slot) => `${base}/${slot}`),
      );
    },
  });
  resource(app, `${prefix}/:slot`, {
    get: ({ service, params, path }) => {
      const { s, base } = lookup(service, params.owner ?? '', path);
      return mediaBody(s, base, slotOf(params.slot, path));
    },
    // PATCH-style insert/eject (Image + Inserted), used by some clients instead of the actions.
    patch: async ({ service, params, path }, body) => {
      const { s, base } = lookup(service, params.owner ?? '', path);
      const slot = slotOf(params.slot, path);
      checkWritable(
        body,
        ['Image', 'Inserted', 'WriteProtected', 'TransferProtocolType'],
        mediaBody(s, base, slot),
      );
      if (body.Image === null || body.Inserted === false) {
        await s.ejectMedia(slot);
      } else if (typeof body.Image === 'string') {
        await insert(s, slot, body);
      }
    },
  });
  resource(app, `${prefix}/:slot/Actions/VirtualMedia.InsertMedia`, {
    post: async ({ service, params, path, body }) => {
      const { s } = lookup(service, params.owner ?? '', path);
      await insert(s, slotOf(params.slot, path), body);
      return { status: 204 };
    },
  });
  resource(app, `${prefix}/:slot/Actions/VirtualMedia.EjectMedia`, {
    post: async ({ service, params, path }) => {
      const { s } = lookup(service, params.owner ?? '', path);
      await s.ejectMedia(slotOf(params.slot, path));
      return { status: 204 };
    },
  });
}

/**
 * Registers VirtualMedia under each Manager (where sushy and Ironic look) and, for newer clients, the
 * same drives under each ComputerSystem.
 */
export function registerVirtualMedia(app: FastifyInstance): void {
  registerUnder(app, `${REDFISH_ROOT}/Managers/:owner/VirtualMedia`, (service, owner, path) => {
    const s = service.systemByManager(owner, path);
    return { s, base: `${REDFISH_ROOT}/Managers/${s.managerId}/VirtualMedia` };
  });
  registerUnder(app, `${REDFISH_ROOT}/Systems/:owner/VirtualMedia`, (service, owner, path) => {
    const s = service.system(owner, path);
    return { s, base: `${REDFISH_ROOT}/Systems/${s.id}/VirtualMedia` };
  });
}
