import type { FastifyInstance } from 'fastify';
import type { BootDevice } from '../backends/machine.js';
import { Errors } from '../errors.js';
import { checkWritable, requireString, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import {
  BOOT_ENABLED,
  BOOT_MODES,
  BOOT_TARGETS,
  type EmulatedSystem,
  RESET_TYPES,
  type ResetType,
} from '../system.js';

const SYSTEMS = `${REDFISH_ROOT}/Systems`;

/** Renders a `ComputerSystem`. */
export async function renderSystem(s: EmulatedSystem): Promise<JsonObject> {
  const base = `${SYSTEMS}/${s.id}`;
  const hw = s.hardware;
  return {
    ...odata(base, '#ComputerSystem.v1_20_0.ComputerSystem'),
    Id: s.id,
    Name: `Emulated server ${s.id}`,
    Description: 'A server emulated by the Ferric BMC emulator',
    SystemType: 'Physical',
    Manufacturer: 'Ferric',
    Model: 'Ferric Emulated Server',
    SKU: 'FRC-EMU-1',
    SerialNumber: s.serialNumber,
    PartNumber: 'FRC-0001',
    UUID: s.uuid,
    HostName: s.id,
    AssetTag: s.assetTag,
    Status: status(),
    IndicatorLED: s.indicatorLed,
    LocationIndicatorActive: s.indicatorLed !== 'Off',
    PowerState: await s.powerState(),
    ...(s.lastResetTime ? { LastResetTime: s.lastResetTime.toISOString() } : {}),
    Boot: {
      BootSourceOverrideEnabled: s.boot.enabled,
      BootSourceOverrideTarget: s.boot.target,
      'BootSourceOverrideTarget@Redfish.AllowableValues': [...BOOT_TARGETS],
      BootSourceOverrideMode: s.boot.mode,
      'BootSourceOverrideMode@Redfish.AllowableValues': [...BOOT_MODES],
      UefiTargetBootSourceOverride: s.boot.uefiTarget,
    },
    BiosVersion: s.firmware.bios,
    ProcessorSummary: {
      Count: hw.cpus,
      CoreCount: hw.cpus * hw.coresPerCpu,
      LogicalProcessorCount: hw.cpus * hw.coresPerCpu * hw.threadsPerCore,
      Model: 'Ferric Virtual CPU',
      Status: status(),
    },
    MemorySummary: {
      TotalSystemMemoryGiB: (hw.dimms * hw.dimmMiB) / 1024,
      TotalSystemPersistentMemoryGiB: 0,
      MemoryMirroring: 'None',
      Status: status(),
    },
    TrustedModules: [
      { FirmwareVersion: '2.0', InterfaceType: 'TPM2_0', Status: status('Enabled', 'OK', false) },
    ],
    Bios: link(`${base}/Bios`),
    SecureBoot: link(`${base}/SecureBoot`),
    Processors: link(`${base}/Processors`),
    Memory: link(`${base}/Memory`),
    EthernetInterfaces: link(`${base}/EthernetInterfaces`),
    Storage: link(`${base}/Storage`),
    VirtualMedia: link(`${base}/VirtualMedia`),
    Links: {
      Chassis: [link(`${REDFISH_ROOT}/Chassis/${s.chassisId}`)],
      ManagedBy: [link(`${REDFISH_ROOT}/Managers/${s.managerId}`)],
    },
    Actions: {
      '#ComputerSystem.Reset': {
        target: `${base}/Actions/ComputerSystem.Reset`,
        'ResetType@Redfish.AllowableValues': [...RESET_TYPES],
        '@Redfish.ActionInfo': `${base}/ResetActionInfo`,
      },
    },
  };
}

function bootPatch(s: EmulatedSystem, boot: unknown): void {
  if (typeof boot !== 'object' || boot === null || Array.isArray(boot)) {
    throw Errors.propertyValueTypeError(JSON.stringify(boot), 'Boot');
  }
  const b = boot as Record<string, unknown>;
  const known = [
    'BootSourceOverrideTarget',
    'BootSourceOverrideEnabled',
    'BootSourceOverrideMode',
    'UefiTargetBootSourceOverride',
  ];
  for (const key of Object.keys(b)) if (!known.includes(key)) throw Errors.propertyUnknown(`Boot/${key}`);
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = b[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw Errors.propertyValueTypeError(JSON.stringify(v), `Boot/${key}`);
    if (!(allowed as readonly string[]).includes(v)) throw Errors.propertyValueNotInList(v, `Boot/${key}`);
    return v as T;
  };
  const target = oneOf<BootDevice>('BootSourceOverrideTarget', BOOT_TARGETS);
  const enabled = oneOf('BootSourceOverrideEnabled', BOOT_ENABLED);
  const mode = oneOf('BootSourceOverrideMode', BOOT_MODES);
  const uefi = b.UefiTargetBootSourceOverride;
  if (uefi !== undefined && typeof uefi !== 'string') {
    throw Errors.propertyValueTypeError(JSON.stringify(uefi), 'Boot/UefiTargetBootSourceOverride');
  }
  if (target !== undefined) s.boot.target = target;
  if (enabled !== undefined) s.boot.enabled = enabled;
  // Setting a target without saying for how long means "once", as most BMCs do.
  else if (target !== undefined && target !== 'None' && s.boot.enabled === 'Disabled')
    s.boot.enabled = 'Once';
  if (target === 'None' && enabled === undefined) s.boot.enabled = 'Disabled';
  if (mode !== undefined) s.boot.mode = mode;
  if (typeof uefi === 'string') s.boot.uefiTarget = uefi;
}

/** Registers Systems, `ComputerSystem` PATCH and Reset, Processors, Memory, EthernetInterfaces, SecureBoot. */
export function registerSystems(app: FastifyInstance): void {
  resource(app, SYSTEMS, {
    get: ({ service }) =>
      collection(
        SYSTEMS,
        '#ComputerSystemCollection.ComputerSystemCollection',
        'Computer System Collection',
        [...service.systems.keys()].map((id) => `${SYSTEMS}/${id}`),
      ),
  });
  resource(app, `${SYSTEMS}/:id`, {
    get: ({ service, params, path }) => renderSystem(service.system(params.id ?? '', path)),
    patch: async ({ service, params, path }, body) => {
      const s = service.system(params.id ?? '', path);
      checkWritable(
        body,
        ['Boot', 'AssetTag', 'IndicatorLED', 'LocationIndicatorActive'],
        await renderSystem(s),
      );
      if (body.AssetTag !== undefined) {
        if (typeof body.AssetTag !== 'string')
          throw Errors.propertyValueTypeError(JSON.stringify(body.AssetTag), 'AssetTag');
        s.assetTag = body.AssetTag;
      }
      if (body.IndicatorLED !== undefined) {
        const v = body.IndicatorLED;
        if (v !== 'Lit' && v !== 'Blinking' && v !== 'Off')
          throw Errors.propertyValueNotInList(String(v), 'IndicatorLED');
        s.indicatorLed = v;
      }
      if (body.LocationIndicatorActive !== undefined) {
        const v = body.LocationIndicatorActive;
        if (typeof v !== 'boolean')
          throw Errors.propertyValueTypeError(JSON.stringify(v), 'LocationIndicatorActive');
        s.indicatorLed = v ? 'Lit' : 'Off';
      }
      if (body.Boot !== undefined) bootPatch(s, body.Boot);
    },
  });
  resource(app, `${SYSTEMS}/:id/Actions/ComputerSystem.Reset`, {
    post: async ({ service, params, path, body }) => {
      const s = service.system(params.id ?? '', path);
      const type = requireString(body, 'ResetType', 'ComputerSystem.Reset');
      if (!(RESET_TYPES as readonly string[]).includes(type)) {
        throw Errors.actionParameterNotSupported(type, 'ResetType', 'ComputerSystem.Reset');
      }
      await s.reset(type as ResetType);
      return { status: 204 };
    },
  });
  resource(app, `${SYSTEMS}/:id/ResetActionInfo`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      return {
        ...odata(`${SYSTEMS}/${s.id}/ResetActionInfo`, '#ActionInfo.v1_3_0.ActionInfo'),
        Id: 'ResetActionInfo',
        Name: 'Reset Action Info',
        Parameters: [
          { Name: 'ResetType', Required: true, DataType: 'String', AllowableValues: [...RESET_TYPES] },
        ],
      };
    },
  });

  resource(app, `${SYSTEMS}/:id/Processors`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      return collection(
        path,
        '#ProcessorCollection.ProcessorCollection',
        'Processors Collection',
        Array.from({ length: s.hardware.cpus }, (_, i) => `${SYSTEMS}/${s.id}/Processors/CPU${i}`),
      );
    },
  });
  resource(app, `${SYSTEMS}/:id/Processors/:cpu`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      const i = /^CPU(\d+)$/.exec(params.cpu ?? '')?.[1];
      if (i === undefined || Number(i) >= s.hardware.cpus) throw Errors.resourceNotFound(path);
      const hw = s.hardware;
      return {
        ...odata(path, '#Processor.v1_18_0.Processor'),
        Id: `CPU${i}`,
        Name: 'Processor',
        Socket: `CPU ${i}`,
        ProcessorType: 'CPU',
        ProcessorArchitecture:
          hw.instructionSet === 'ARM-A64' ? 'ARM' : hw.instructionSet === 'PowerISA' ? 'Power' : 'x86',
        InstructionSet: hw.instructionSet,
        Manufacturer: 'Ferric',
        Model: 'Ferric Virtual CPU',
        MaxSpeedMHz: 3400,
        OperatingSpeedMHz: 2600,
        TotalCores: hw.coresPerCpu,
        TotalThreads: hw.coresPerCpu * hw.threadsPerCore,
        Status: status('Enabled', 'OK', false),
      };
    },
  });

  resource(app, `${SYSTEMS}/:id/Memory`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      return collection(
        path,
        '#MemoryCollection.MemoryCollection',
        'Memory Module Collection',
        Array.from({ length: s.hardware.dimms }, (_, i) => `${SYSTEMS}/${s.id}/Memory/DIMM${i}`),
      );
    },
  });
  resource(app, `${SYSTEMS}/:id/Memory/:dimm`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      const i = /^DIMM(\d+)$/.exec(params.dimm ?? '')?.[1];
      if (i === undefined || Number(i) >= s.hardware.dimms) throw Errors.resourceNotFound(path);
      return {
        ...odata(path, '#Memory.v1_17_0.Memory'),
        Id: `DIMM${i}`,
        Name: `DIMM Slot ${i}`,
        MemoryType: 'DRAM',
        MemoryDeviceType: 'DDR4',
        BaseModuleType: 'RDIMM',
        CapacityMiB: s.hardware.dimmMiB,
        DataWidthBits: 64,
        BusWidthBits: 72,
        Manufacturer: 'Ferric',
        OperatingSpeedMhz: 3200,
        AllowedSpeedsMHz: [2666, 2933, 3200],
        DeviceLocator: `DIMM ${i}`,
        MemoryLocation: {
          Socket: Math.floor(Number(i) / 2),
          MemoryController: 0,
          Channel: Number(i) % 2,
          Slot: Number(i),
        },
        ErrorCorrection: 'MultiBitECC',
        RankCount: 2,
        Status: status('Enabled', 'OK', false),
      };
    },
  });

  resource(app, `${SYSTEMS}/:id/EthernetInterfaces`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      return collection(
        path,
        '#EthernetInterfaceCollection.EthernetInterfaceCollection',
        'Ethernet Network Interface Collection',
        s.macs.map((_, i) => `${SYSTEMS}/${s.id}/EthernetInterfaces/NIC${i}`),
      );
    },
  });
  resource(app, `${SYSTEMS}/:id/EthernetInterfaces/:nic`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      const i = /^NIC(\d+)$/.exec(params.nic ?? '')?.[1];
      const mac = i === undefined ? undefined : s.macs[Number(i)];
      if (mac === undefined) throw Errors.resourceNotFound(path);
      return {
        ...odata(path, '#EthernetInterface.v1_9_0.EthernetInterface'),
        Id: `NIC${i}`,
        Name: `Ethernet Interface ${i}`,
        Description: 'System NIC',
        Status: status('Enabled', 'OK', false),
        LinkStatus: 'LinkUp',
        InterfaceEnabled: true,
        PermanentMACAddress: mac,
        MACAddress: mac,
        SpeedMbps: 10000,
        FullDuplex: true,
        AutoNeg: true,
        MTUSize: 1500,
        HostName: s.id,
        FQDN: `${s.id}.ferric.test`,
        IPv4Addresses: [],
        IPv6Addresses: [],
      };
    },
  });

  const secureBoot = (s: EmulatedSystem): JsonObject => {
    const base = `${SYSTEMS}/${s.id}/SecureBoot`;
    return {
      ...odata(base, '#SecureBoot.v1_1_0.SecureBoot'),
      Id: 'SecureBoot',
      Name: 'UEFI Secure Boot',
      SecureBootEnable: s.secureBoot.enable,
      SecureBootCurrentBoot: s.secureBoot.currentBoot,
      SecureBootMode: s.secureBoot.mode,
      Actions: {
        '#SecureBoot.ResetKeys': {
          target: `${base}/Actions/SecureBoot.ResetKeys`,
          'ResetKeysType@Redfish.AllowableValues': ['ResetAllKeysToDefault', 'DeleteAllKeys', 'DeletePK'],
        },
      },
    };
  };
  resource(app, `${SYSTEMS}/:id/SecureBoot`, {
    get: ({ service, params, path }) => secureBoot(service.system(params.id ?? '', path)),
    patch: ({ service, params, path }, body) => {
      const s = service.system(params.id ?? '', path);
      checkWritable(body, ['SecureBootEnable'], secureBoot(s));
      const v = body.SecureBootEnable;
      if (v === undefined) return;
      if (typeof v !== 'boolean') throw Errors.propertyValueTypeError(JSON.stringify(v), 'SecureBootEnable');
      if (v && s.boot.mode !== 'UEFI') throw Errors.resourceInUse('Secure Boot needs the UEFI boot mode');
      s.secureBoot.enable = v;
    },
  });
  resource(app, `${SYSTEMS}/:id/SecureBoot/Actions/SecureBoot.ResetKeys`, {
    post: ({ service, params, path, body }) => {
      const s = service.system(params.id ?? '', path);
      const type = requireString(body, 'ResetKeysType', 'SecureBoot.ResetKeys');
      if (!['ResetAllKeysToDefault', 'DeleteAllKeys', 'DeletePK'].includes(type)) {
        throw Errors.actionParameterNotSupported(type, 'ResetKeysType', 'SecureBoot.ResetKeys');
      }
      s.secureBoot.mode = type === 'ResetAllKeysToDefault' ? 'DeployedMode' : 'SetupMode';
      if (type !== 'ResetAllKeysToDefault') s.secureBoot.enable = false;
      return { status: 204 };
    },
  });
}
