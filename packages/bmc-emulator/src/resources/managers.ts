import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { checkWritable, requireString, resource } from '../http.js';
import { collection, link, odata, REDFISH_ROOT, status, type JsonObject } from '../odata.js';
import type { EmulatedSystem } from '../system.js';

const MANAGERS = `${REDFISH_ROOT}/Managers`;

function managerBody(s: EmulatedSystem, serviceUuid: string): JsonObject {
  const base = `${MANAGERS}/${s.managerId}`;
  return {
    ...odata(base, '#Manager.v1_19_0.Manager'),
    Id: s.managerId,
    Name: `BMC of ${s.id}`,
    Description: 'Ferric emulated baseboard management controller',
    ManagerType: 'BMC',
    Manufacturer: 'Ferric',
    Model: 'Ferric Emulated BMC',
    FirmwareVersion: s.firmware.bmc,
    UUID: s.uuid.replace(/^f3221c00-0001/, 'f3221c00-0003'),
    ServiceEntryPointUUID: serviceUuid,
    PowerState: 'On',
    Status: status(),
    DateTime: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    DateTimeLocalOffset: '+00:00',
    VirtualMedia: link(`${base}/VirtualMedia`),
    Links: {
      ManagerForServers: [link(`${REDFISH_ROOT}/Systems/${s.id}`)],
      ManagerForChassis: [link(`${REDFISH_ROOT}/Chassis/${s.chassisId}`)],
      ManagerInChassis: link(`${REDFISH_ROOT}/Chassis/${s.chassisId}`),
    },
    Actions: {
      '#Manager.Reset': {
        target: `${base}/Actions/Manager.Reset`,
        'ResetType@Redfish.AllowableValues': ['ForceRestart', 'GracefulRestart'],
      },
    },
  };
}

/** Registers Managers (one BMC per system) and `#Manager.Reset` (which ends all sessions). */
export function registerManagers(app: FastifyInstance): void {
  resource(app, MANAGERS, {
    get: ({ service }) =>
      collection(
        MANAGERS,
        '#ManagerCollection.ManagerCollection',
        'Manager Collection',
        [...service.systems.values()].map((s) => `${MANAGERS}/${s.managerId}`),
      ),
  });
  resource(app, `${MANAGERS}/:mid`, {
    get: ({ service, params, path }) => managerBody(service.systemByManager(params.mid ?? '', path), service.uuid),
    patch: ({ service, params, path }, body) => {
      const s = service.systemByManager(params.mid ?? '', path);
      checkWritable(body, [], managerBody(s, service.uuid));
    },
  });
  resource(app, `${MANAGERS}/:mid/Actions/Manager.Reset`, {
    post: ({ service, params, path, body }) => {
      service.systemByManager(params.mid ?? '', path);
      const type = requireString(body, 'ResetType', 'Manager.Reset');
      if (type !== 'ForceRestart' && type !== 'GracefulRestart') {
        throw Errors.actionParameterNotSupported(type, 'ResetType', 'Manager.Reset');
      }
      service.sessions.expireAll();
      return { status: 204 };
    },
  });
}
