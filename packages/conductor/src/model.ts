/** A JSON object stored in a node or port document column. */
export type JsonObject = Record<string, unknown>;

/** The 13 hardware interface kinds, in Ironic's order. */
export const INTERFACE_TYPES = [
  'bios',
  'boot',
  'console',
  'deploy',
  'firmware',
  'inspect',
  'management',
  'network',
  'power',
  'raid',
  'rescue',
  'storage',
  'vendor',
] as const;

/** One of the 13 hardware interface kinds. */
export type InterfaceType = (typeof INTERFACE_TYPES)[number];

/** Per-interface implementation names of a node (`null` = not chosen yet). */
export type NodeInterfaces = { [K in InterfaceType as `${K}Interface`]: string | null };

/** A bare-metal node as stored by the conductor (camelCase view of the `nodes` row). */
export interface NodeRecord extends NodeInterfaces {
  uuid: string;
  name: string | null;
  driver: string;
  provisionState: string;
  targetProvisionState: string | null;
  powerState: string | null;
  targetPowerState: string | null;
  /** Host name of the conductor holding the exclusive lock, or `null`. */
  reservation: string | null;
  /** Host name of the conductor that last prepared (took over) the node. */
  conductorAffinity: string | null;
  conductorGroup: string;
  maintenance: boolean;
  maintenanceReason: string | null;
  fault: string | null;
  lastError: string | null;
  driverInfo: JsonObject;
  driverInternalInfo: JsonObject;
  instanceInfo: JsonObject;
  properties: JsonObject;
  extra: JsonObject;
  /** The clean step being executed (`{}`/`null` when none). */
  cleanStep: JsonObject | null;
  /** The deploy step being executed (`{}`/`null` when none). */
  deployStep: JsonObject | null;
  instanceUuid: string | null;
  resourceClass: string | null;
  description: string | null;
  owner: string | null;
  /** Per-node override of automated cleaning (`null` = conductor default). */
  automatedClean: boolean | null;
  provisionUpdatedAt: string | null;
  inspectionStartedAt: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** Fields accepted when creating a node (`driver` required, everything else defaulted). */
export type NodeCreate = Partial<
  Omit<
    NodeRecord,
    'createdAt' | 'updatedAt' | 'reservation' | 'provisionUpdatedAt' | 'conductorAffinity' | 'inspectionStartedAt'
  >
> & { driver: string };

/** Fields an update may change. */
export type NodePatch = Partial<Omit<NodeRecord, 'uuid' | 'createdAt' | 'updatedAt'>>;

/** A network port of a node. */
export interface PortRecord {
  uuid: string;
  /** MAC address, lower-case, unique. */
  address: string;
  nodeUuid: string;
  name: string | null;
  pxeEnabled: boolean;
  physicalNetwork: string | null;
  localLinkConnection: JsonObject;
  extra: JsonObject;
  createdAt: string;
  updatedAt: string | null;
}

/** Fields accepted when creating a port. */
export type PortCreate = Partial<Omit<PortRecord, 'createdAt' | 'updatedAt'>> & {
  address: string;
  nodeUuid: string;
};

/** Fields a port update may change. */
export type PortPatch = Partial<Omit<PortRecord, 'uuid' | 'createdAt' | 'updatedAt'>>;

/** A registered conductor service. */
export interface ConductorRecord {
  id: string;
  hostname: string;
  online: boolean;
  /** `online` and heartbeat fresher than `heartbeatTimeout`. */
  alive: boolean;
  conductorGroup: string;
  /** Hardware types this conductor serves. */
  drivers: string[];
  version: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One `(hardware type, interface, implementation)` a conductor registered. */
export interface ConductorHardwareInterface {
  hardwareType: string;
  interfaceType: string;
  interfaceName: string;
  isDefault: boolean;
}

/** A page of results plus the marker to fetch the next one (`null` when this page was not full). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Sort direction of a listing. */
export type SortDir = 'asc' | 'desc';

/** Marker pagination (Ironic style: `marker` = uuid of the last item of the previous page). */
export interface Pagination<K extends string> {
  limit?: number;
  marker?: string;
  sortKey?: K;
  sortDir?: SortDir;
}
