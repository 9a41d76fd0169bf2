import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { checkWritable, requireString, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
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
    EthernetInterfaces: link(`${base}/EthernetInterfaces`),
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

/** The deterministic MAC of the BMC's own NIC (`52:54:01:…`, apart from the host's `52:54:00:…`). */
function bmcMac(s: EmulatedSystem): string {
  return s.macs[0]?.replace(/^52:54:00:(..):(..):..$/, '52:54:01:$1:$2:00') ?? '52:54:01:00:00:00';
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
    get: ({ service, params, path }) =>
      managerBody(service.systemByManager(params.mid ?? '', path), service.uuid),
    patch: ({ service, params, path }, body) => {
      const s = service.systemByManager(params.mid ?? '', path);
      checkWritable(body, [], managerBody(s, service.uuid));
    },
  });
  resource(app, `${MANAGERS}/:mid/EthernetInterfaces`, {
    get: ({ service, params, path }) => {
      const s = service.systemByManager(params.mid ?? '', path);
      return collection(
        `${MANAGERS}/${s.managerId}/EthernetInterfaces`,
        '#EthernetInterfaceCollection.EthernetInterfaceCollection',
        'Manager Ethernet Interface Collection',
        [`${MANAGERS}/${s.managerId}/EthernetInterfaces/eth0`],
      );
    },
  });
  resource(app, `${MANAGERS}/:mid/EthernetInterfaces/:nic`, {
    get: ({ service, params, path }) => {
      const s = service.systemByManager(params.mid ?? '', path);
      if (params.nic !== 'eth0') throw Errors.resourceNotFound(path);
      const mac = bmcMac(s);
      return {
        ...odata(
          `${MANAGERS}/${s.managerId}/EthernetInterfaces/eth0`,
          '#EthernetInterface.v1_9_0.EthernetInterface',
        ),
        Id: 'eth0',
        Name: 'Manager Ethernet Interface',
        Description: 'Management network interface',
        Status: status('Enabled', 'OK', false),
        InterfaceEnabled: true,
        LinkStatus: 'LinkUp',
        PermanentMACAddress: mac,
        MACAddress: mac,
        SpeedMbps: 1000,
        FullDuplex: true,
        HostName: `${s.id}-bmc`,
        IPv4Addresses: [
          { Address: '127.0.0.1', SubnetMask: '255.0.0.0', AddressOrigin: 'Static', Gateway: '0.0.0.0' },
        ],
      };
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
