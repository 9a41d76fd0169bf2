import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { bodyObject, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import { type EmulatedSystem, RAID_TYPES, type RaidType, type VolumeState } from '../system.js';

/** The id of the emulated storage controller. */
export const STORAGE_ID = 'RAID.Integrated.1';

const volumeTypeOf: Record<RaidType, string> = {
  None: 'RawDevice',
  RAID0: 'NonRedundant',
  RAID1: 'Mirrored',
  RAID5: 'StripedWithParity',
  RAID10: 'SpannedMirrors',
};

function storageBase(s: EmulatedSystem): string {
  return `${REDFISH_ROOT}/Systems/${s.id}/Storage/${STORAGE_ID}`;
}

function volumeBody(s: EmulatedSystem, v: VolumeState): JsonObject {
  const base = storageBase(s);
  return {
    ...odata(`${base}/Volumes/${v.id}`, '#Volume.v1_9_0.Volume'),
    Id: v.id,
    Name: v.name,
    RAIDType: v.raidType,
    VolumeType: volumeTypeOf[v.raidType],
    CapacityBytes: v.capacityBytes,
    Encrypted: false,
    Identifiers: [
      { DurableNameFormat: 'UUID', DurableName: `${s.uuid.slice(0, -4)}${v.id.padStart(4, '0')}` },
    ],
    Status: status('Enabled', 'OK', false),
    Links: { Drives: v.drives.map((d) => link(`${base}/Drives/${d}`)) },
  };
}

function findStorage(s: EmulatedSystem, id: string | undefined, path: string): void {
  if (id !== STORAGE_ID) throw Errors.resourceNotFound(path);
  void s;
}

/** Registers Storage, its controller, Drives and Volumes (create with POST, delete with DELETE). */
export function registerStorage(app: FastifyInstance): void {
  const sys = `${REDFISH_ROOT}/Systems/:id`;
  resource(app, `${sys}/Storage`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      return collection(path, '#StorageCollection.StorageCollection', 'Storage Collection', [storageBase(s)]);
    },
  });
  resource(app, `${sys}/Storage/:sid`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      const base = storageBase(s);
      return {
        ...odata(base, '#Storage.v1_15_0.Storage'),
        Id: STORAGE_ID,
        Name: 'Integrated RAID Controller',
        Status: status(),
        StorageControllers: [
          {
            '@odata.id': `${base}#/StorageControllers/0`,
            MemberId: '0',
            Name: 'Integrated RAID Controller',
            Status: status('Enabled', 'OK', false),
            Manufacturer: 'Ferric',
            Model: 'Ferric Virtual RAID',
            SpeedGbps: 12,
            FirmwareVersion: '1.0.0',
            SupportedControllerProtocols: ['PCIe'],
            SupportedDeviceProtocols: ['SAS', 'SATA'],
            SupportedRAIDTypes: [...RAID_TYPES],
          },
        ],
        Drives: s.drives.map((d) => link(`${base}/Drives/${d.id}`)),
        'Drives@odata.count': s.drives.length,
        Volumes: link(`${base}/Volumes`),
        Links: { Enclosures: [link(`${REDFISH_ROOT}/Chassis/${s.chassisId}`)] },
      };
    },
  });
  resource(app, `${sys}/Storage/:sid/Drives/:did`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      const d = s.drives.find((x) => x.id === params.did);
      if (!d) throw Errors.resourceNotFound(path);
      const volumes = [...s.volumes.values()].filter((v) => v.drives.includes(d.id));
      return {
        ...odata(path, '#Drive.v1_17_0.Drive'),
        Id: d.id,
        Name: `Physical Disk ${d.id}`,
        Manufacturer: 'Ferric',
        Model: d.mediaType === 'SSD' ? 'Ferric Virtual SSD' : 'Ferric Virtual HDD',
        SerialNumber: d.serial,
        CapacityBytes: d.capacityBytes,
        MediaType: d.mediaType,
        Protocol: d.protocol,
        BlockSizeBytes: 512,
        ...(d.mediaType === 'HDD' ? { RotationSpeedRPM: 7200 } : {}),
        Status: status('Enabled', 'OK', false),
        Links: { Volumes: volumes.map((v) => link(`${storageBase(s)}/Volumes/${v.id}`)) },
      };
    },
  });
  resource(app, `${sys}/Storage/:sid/Volumes`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      return {
        ...collection(
          path,
          '#VolumeCollection.VolumeCollection',
          'Volume Collection',
          [...s.volumes.keys()].map((id) => `${storageBase(s)}/Volumes/${id}`),
        ),
        '@Redfish.AllowableValues': [...RAID_TYPES],
      };
    },
    post: ({ service, params, path, body }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      const b = bodyObject(body);
      const raid =
        b.RAIDType ??
        (b.VolumeType === 'Mirrored' ? 'RAID1' : b.VolumeType === 'NonRedundant' ? 'RAID0' : undefined);
      if (typeof raid !== 'string') throw Errors.actionParameterMissing('Create Volume', 'RAIDType');
      if (!(RAID_TYPES as readonly string[]).includes(raid))
        throw Errors.propertyValueNotInList(raid, 'RAIDType');
      const links = bodyObject(b.Links);
      const drives = Array.isArray(links.Drives) ? links.Drives : undefined;
      if (!drives || drives.length === 0)
        throw Errors.actionParameterMissing('Create Volume', 'Links/Drives');
      const driveIds = drives.map((d) => {
        const id = bodyObject(d)['@odata.id'];
        if (typeof id !== 'string') throw Errors.propertyValueTypeError(JSON.stringify(d), 'Links/Drives');
        return id.split('/').pop() ?? '';
      });
      const capacity = b.CapacityBytes;
      if (capacity !== undefined && capacity !== null && (typeof capacity !== 'number' || capacity <= 0)) {
        throw Errors.propertyValueTypeError(JSON.stringify(capacity), 'CapacityBytes');
      }
      const name =
        typeof b.Name === 'string' ? b.Name : typeof b.DisplayName === 'string' ? b.DisplayName : undefined;
      const v = s.createVolume({
        raidType: raid as RaidType,
        drives: driveIds,
        ...(typeof capacity === 'number' ? { capacityBytes: capacity } : {}),
        ...(name !== undefined ? { name } : {}),
      });
      const body2 = volumeBody(s, v);
      return { status: 201, body: body2, headers: { Location: `${storageBase(s)}/Volumes/${v.id}` } };
    },
  });
  resource(app, `${sys}/Storage/:sid/Volumes/:vid`, {
    get: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      const v = s.volumes.get(params.vid ?? '');
      if (!v) throw Errors.resourceNotFound(path);
      return volumeBody(s, v);
    },
    delete: ({ service, params, path }) => {
      const s = service.system(params.id ?? '', path);
      findStorage(s, params.sid, path);
      if (!s.volumes.has(params.vid ?? '')) throw Errors.resourceNotFound(path);
      s.deleteVolume(params.vid ?? '');
      return { status: 204 };
    },
  });
}
