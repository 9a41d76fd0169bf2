import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { DownloadError, downloadImage } from '../download.js';
import { Errors } from '../errors.js';
import { bodyObject, requireString, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import type { RedfishService } from '../service.js';
import type { EmulatedSystem } from '../system.js';
import { accepted } from './tasks.js';

const UPDATE = `${REDFISH_ROOT}/UpdateService`;
const INVENTORY = `${UPDATE}/FirmwareInventory`;

type Component = 'BIOS' | 'BMC';
interface Item {
  id: string;
  system: EmulatedSystem;
  component: Component;
}

function inventory(service: RedfishService): Item[] {
  const items: Item[] = [];
  for (const system of service.systems.values()) {
    items.push({ id: `${system.id}-BIOS`, system, component: 'BIOS' });
    items.push({ id: `${system.id}-BMC`, system, component: 'BMC' });
  }
  return items;
}

function itemBody(item: Item): JsonObject {
  const version = item.component === 'BIOS' ? item.system.firmware.bios : item.system.firmware.bmc;
  return {
    ...odata(`${INVENTORY}/${item.id}`, '#SoftwareInventory.v1_9_0.SoftwareInventory'),
    Id: item.id,
    Name:
      item.component === 'BIOS' ? `BIOS of ${item.system.id}` : `BMC firmware of ${item.system.managerId}`,
    Version: version,
    Updateable: true,
    Manufacturer: 'Ferric',
    Status: status('Enabled', 'OK', false),
    RelatedItem: [
      link(
        item.component === 'BIOS'
          ? `${REDFISH_ROOT}/Systems/${item.system.id}/Bios`
          : `${REDFISH_ROOT}/Managers/${item.system.managerId}`,
      ),
    ],
  };
}

/** The version an image carries in its file name (`bios-2.1.0.bin` → `2.1.0`), else the next patch level. */
function versionFrom(uri: string, current: string): string {
  const name = uri.split('/').pop() ?? '';
  const found = /(\d+(?:\.\d+)+)/.exec(name)?.[1];
  if (found) return found;
  const parts = current.split('.');
  const last = parts.pop() ?? '0';
  const next = Number.isFinite(Number(last)) ? Number(last) + 1 : 1;
  return [...parts, String(next).padStart(last.length, '0')].join('.');
}

/** Registers UpdateService, FirmwareInventory and `#UpdateService.SimpleUpdate` (run as a Task). */
export function registerUpdateService(app: FastifyInstance): void {
  resource(app, UPDATE, {
    get: () => ({
      ...odata(UPDATE, '#UpdateService.v1_11_0.UpdateService'),
      Id: 'UpdateService',
      Name: 'Update Service',
      ServiceEnabled: true,
      Status: status('Enabled', 'OK', false),
      FirmwareInventory: link(INVENTORY),
      Actions: {
        '#UpdateService.SimpleUpdate': {
          target: `${UPDATE}/Actions/UpdateService.SimpleUpdate`,
          'TransferProtocol@Redfish.AllowableValues': ['HTTP', 'HTTPS'],
        },
      },
    }),
  });
  resource(app, INVENTORY, {
    get: ({ service }) =>
      collection(
        INVENTORY,
        '#SoftwareInventoryCollection.SoftwareInventoryCollection',
        'Firmware Inventory Collection',
        inventory(service).map((i) => `${INVENTORY}/${i.id}`),
      ),
  });
  resource(app, `${INVENTORY}/:fid`, {
    get: ({ service, params, path }) => {
      const item = inventory(service).find((i) => i.id === params.fid);
      if (!item) throw Errors.resourceNotFound(path);
      return itemBody(item);
    },
  });
  resource(app, `${UPDATE}/Actions/UpdateService.SimpleUpdate`, {
    post: ({ service, path, body }) => {
      const action = 'UpdateService.SimpleUpdate';
      const uri = requireString(body, 'ImageURI', action);
      const b = bodyObject(body);
      const proto = b.TransferProtocol;
      if (proto !== undefined && proto !== 'HTTP' && proto !== 'HTTPS') {
        throw Errors.actionParameterNotSupported(String(proto), 'TransferProtocol', action);
      }
      const items = inventory(service);
      let targets: Item[];
      if (Array.isArray(b.Targets) && b.Targets.length > 0) {
        targets = b.Targets.map((t) => {
          const id = typeof t === 'string' ? t : '';
          const item = items.find(
            (i) =>
              `${INVENTORY}/${i.id}` === id ||
              (`${REDFISH_ROOT}/Systems/${i.system.id}` === id && i.component === 'BIOS') ||
              (`${REDFISH_ROOT}/Managers/${i.system.managerId}` === id && i.component === 'BMC'),
          );
          if (!item) throw Errors.actionParameterValueError('Targets', action, `unknown target ${String(t)}`);
          return item;
        });
      } else {
        targets = items.filter((i) => i.component === 'BIOS');
      }
      const steps = 5;
      const task = service.tasks.start(
        'SimpleUpdate',
        { uri: path, method: 'POST', body: JSON.stringify(body) },
        async (progress) => {
          progress(0, `Downloading ${uri}`);
          try {
            await downloadImage(uri, {
              timeoutMs: service.downloadTimeoutMs,
              onProgress: (got, total) => {
                if (total) progress((got / total) * 40);
              },
            });
          } catch (e) {
            throw new Error(
              e instanceof DownloadError ? `could not download ${uri}: ${e.message}` : String(e),
            );
          }
          progress(40, 'Image downloaded and verified; flashing');
          for (let i = 1; i <= steps; i++) {
            await sleep(service.updateStepMs);
            progress(40 + (60 * i) / steps);
          }
          for (const t of targets) {
            if (t.component === 'BIOS') t.system.firmware.bios = versionFrom(uri, t.system.firmware.bios);
            else t.system.firmware.bmc = versionFrom(uri, t.system.firmware.bmc);
          }
        },
      );
      return accepted(task);
    },
  });
}
