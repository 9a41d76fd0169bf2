import type { JsonObject, NodeData, PortData, Step } from '@ferric/core';

export type { JsonObject };

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

/**
 * A bare-metal node as the conductor stores it: core's {@link NodeData} (what drivers see) plus the
 * conductor-owned columns.
 */
export interface NodeRecord extends NodeData {
  /** Host name of the conductor that last prepared (took over) the node. */
  conductorAffinity: string | null;
  instanceUuid: string | null;
  description: string | null;
  owner: string | null;
  /** Per-node override of automated cleaning (`null` = conductor default). */
  automatedClean: boolean | null;
  inspectionStartedAt: Date | null;
  /** When the last inspection succeeded (API 1.6). */
  inspectionFinishedAt: Date | null;
  /** Trait names (Ironic 1.37), sorted, unique. */
  traits: string[];
  /** Protected nodes refuse undeploy, rebuild and delete (1.48). */
  protected: boolean;
  protectedReason: string | null;
  /** Retired nodes are not provided back to `available` (1.61). */
  retired: boolean;
  retiredReason: string | null;
  /** Project that leases the node (1.65). */
  lessee: string | null;
  /** Static network configuration for the instance (1.66). */
  networkData: JsonObject;
  /** Boot mode the management interface reported (1.75; read-only). */
  bootMode: string | null;
  /** UEFI secure boot as the management interface reported it (1.75; read-only). */
  secureBoot: boolean | null;
  /** Whether the console interface is serving the console. */
  consoleEnabled: boolean;
  /** RAID configuration applied by the RAID interface (1.12; read-only). */
  raidConfig: JsonObject;
  /** RAID configuration to build at the next cleaning (1.12; `PUT /states/raid`). */
  targetRaidConfig: JsonObject;
  /** The chassis the node belongs to. */
  chassisUuid: string | null;
  /** The allocation that reserved the node (API 1.52; set only by allocations). */
  allocationUuid: string | null;
  /** The shard the node belongs to (API 1.82): a label clients split their work by. */
  shard: string | null;
  /** UUID of the node this one is a child of (API 1.83). */
  parentNode: string | null;
  /** The service step running now, or null (API 1.87). */
  serviceStep: Step | null;
  /** The node must never be powered off (API 1.95): power-off requests are refused. */
  disablePowerOff: boolean;
  /** Name of the instance deployed on the node (API 1.104); mirrors `instance_info.display_name`. */
  instanceName: string | null;
  /** Hardware health the BMC last reported (`OK`, `Warning`, `Critical`; API 1.109). */
  health: string | null;
}

/** A node's storage connector (API 1.32: `iqn`, `ip`, `mac`, `wwnn`, `wwpn`, `port`, `portgroup`). */
export interface VolumeConnectorRecord {
  uuid: string;
  nodeUuid: string;
  type: string;
  connectorId: string;
  extra: JsonObject;
  createdAt: Date;
  updatedAt: Date | null;
}

/** A volume a node boots from or attaches (API 1.32). */
export interface VolumeTargetRecord {
  uuid: string;
  nodeUuid: string;
  volumeType: string;
  properties: JsonObject;
  bootIndex: number;
  volumeId: string;
  extra: JsonObject;
  createdAt: Date;
  updatedAt: Date | null;
}

/** State of an allocation (Ironic's values). */
export type AllocationState = 'allocating' | 'active' | 'error';

/** A request for a node of a resource class with traits (Ironic's allocation, API 1.52). */
export interface AllocationRecord {
  uuid: string;
  name: string | null;
  /** The node picked (`null` until `active`). */
  nodeUuid: string | null;
  state: AllocationState;
  lastError: string | null;
  resourceClass: string;
  traits: string[];
  /** Node uuids the allocation may pick from (empty = any). */
  candidateNodes: string[];
  owner: string | null;
  extra: JsonObject;
  createdAt: Date;
  updatedAt: Date | null;
}

/** A group of a node's ports bonded together (Ironic's `portgroup`, API 1.23). */
export interface PortgroupRecord {
  uuid: string;
  name: string | null;
  /** MAC address of the bond, lower-case (optional). */
  address: string | null;
  nodeUuid: string;
  /** Bonding mode (`active-backup`, `802.3ad`…; API 1.26). */
  mode: string;
  /** Bonding properties (API 1.26). */
  properties: JsonObject;
  standalonePortsSupported: boolean;
  extra: JsonObject;
  internalInfo: JsonObject;
  /** Physical network of the group's ports (API 1.102). */
  physicalNetwork: string | null;
  /** Free-form category (API 1.103). */
  category: string | null;
  /** Created by the network service for dynamic port grouping (API 1.111; read-only). */
  dynamicPortgroup: boolean;
  createdAt: Date;
  updatedAt: Date | null;
}

/** Fields a port group update may change. */
export type PortgroupPatch = {
  -readonly [K in keyof Omit<PortgroupRecord, 'uuid' | 'createdAt' | 'updatedAt'>]?: PortgroupRecord[K];
};

/** Fields accepted when creating a port group. */
export type PortgroupCreate = PortgroupPatch & { uuid?: string; nodeUuid: string; mode: string };

/** One step of a deploy template (Ironic's deploy template step). */
export interface DeployTemplateStep {
  interface: 'bios' | 'deploy' | 'management' | 'power' | 'raid';
  step: string;
  args: JsonObject;
  /** 0 disables the step; otherwise its deploy priority. */
  priority: number;
}

/** A deploy template (API 1.55): its name is a trait; deploying with that trait in `instance_info.traits` adds its steps. */
export interface DeployTemplateRecord {
  uuid: string;
  name: string;
  steps: DeployTemplateStep[];
  extra: JsonObject;
  createdAt: Date;
  updatedAt: Date | null;
}

/** Fields a deploy template create or update may set. */
export interface DeployTemplateFields {
  name?: string;
  steps?: DeployTemplateStep[];
  extra?: JsonObject;
}

/** A chassis grouping nodes (Ironic's `chassis`). */
export interface ChassisRecord {
  uuid: string;
  description: string | null;
  extra: JsonObject;
  createdAt: Date;
  updatedAt: Date | null;
}

/** Fields a chassis create or update may set. */
export interface ChassisFields {
  description?: string | null;
  extra?: JsonObject;
}

/** Severity of a {@link NodeHistoryRecord} (Ironic's values). */
export type NodeHistorySeverity = 'INFO' | 'WARNING' | 'ERROR';

/** One node history event (Ironic 1.78 `node_history`). */
export interface NodeHistoryRecord {
  uuid: string;
  nodeUuid: string;
  /** Host of the conductor that recorded it. */
  conductor: string | null;
  /** What was going on: `provisioning`, `deployment`, `cleaning`, `power`, `maintenance`… */
  eventType: string;
  severity: NodeHistorySeverity;
  /** The message (e.g. the error). */
  event: string;
  /** Who asked for the operation, when known. */
  user: string | null;
  createdAt: Date;
}

/** Fields accepted when creating a node (`driver` required, everything else defaulted). */
export type NodeCreate = Omit<
  NodePatch,
  'reservation' | 'provisionUpdatedAt' | 'conductorAffinity' | 'inspectionStartedAt'
> & {
  uuid?: string;
  driver: string;
};

/** Fields an update may change. */
export type NodePatch = {
  -readonly [K in keyof Omit<NodeRecord, 'uuid' | 'createdAt' | 'updatedAt'>]?: NodeRecord[K];
};

/** A network port of a node (core's {@link PortData} plus timestamps). */
export interface PortRecord extends PortData {
  /** A Smart NIC port (API 1.53): its `localLinkConnection` names `port_id` and `hostname`. */
  isSmartnic: boolean;
  /** The port group the port belongs to (API 1.24). */
  portgroupUuid: string | null;
  /** Free-form description (API 1.97). */
  description: string | null;
  /** Vendor of the NIC (API 1.100). */
  vendor: string | null;
  /** Free-form category (API 1.101). */
  category: string | null;
  /** Whether the port may be put in a dynamic port group (API 1.111). */
  availableForDynamicPortgroup: boolean;
  createdAt: Date;
  updatedAt: Date | null;
}

/** Fields accepted when creating a port. */
export type PortCreate = PortPatch & {
  uuid?: string;
  address: string;
  nodeUuid: string;
};

/** Fields a port update may change. */
export type PortPatch = {
  -readonly [K in keyof Omit<PortRecord, 'uuid' | 'createdAt' | 'updatedAt'>]?: PortRecord[K];
};

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
  createdAt: Date;
  updatedAt: Date;
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
