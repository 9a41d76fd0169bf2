import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Column conventions (dialect-neutral, so the same queries run on SQLite and PostgreSQL):
 * - booleans are `integer` 0/1 (better-sqlite3 cannot bind JS booleans);
 * - JSON documents are `text` holding serialized JSON (repositories parse/serialize);
 * - timestamps are `text` ISO-8601 UTC (`Date#toISOString()`), which sort lexicographically.
 */
type Bool = number;
type Json = string;
type Timestamp = string;

/** Row of the `nodes` table. */
export interface NodesTable {
  uuid: string;
  name: string | null;
  driver: string;
  bios_interface: string | null;
  boot_interface: string | null;
  console_interface: string | null;
  deploy_interface: string | null;
  firmware_interface: string | null;
  inspect_interface: string | null;
  management_interface: string | null;
  network_interface: string | null;
  power_interface: string | null;
  raid_interface: string | null;
  rescue_interface: string | null;
  storage_interface: string | null;
  vendor_interface: string | null;
  provision_state: string;
  target_provision_state: string | null;
  power_state: string | null;
  target_power_state: string | null;
  reservation: string | null;
  conductor_affinity: string | null;
  conductor_group: string;
  maintenance: Bool;
  maintenance_reason: string | null;
  fault: string | null;
  last_error: string | null;
  driver_info: Json;
  driver_internal_info: Json;
  instance_info: Json;
  properties: Json;
  extra: Json;
  clean_step: Json | null;
  deploy_step: Json | null;
  instance_uuid: string | null;
  resource_class: string | null;
  description: string | null;
  owner: string | null;
  automated_clean: Bool | null;
  provision_updated_at: Timestamp | null;
  inspection_started_at: Timestamp | null;
  inspection_finished_at: Timestamp | null;
  /** JSON list of trait names (NULL = none). */
  traits: Json | null;
  protected: Bool;
  protected_reason: string | null;
  retired: Bool;
  retired_reason: string | null;
  lessee: string | null;
  network_data: Json | null;
  boot_mode: string | null;
  secure_boot: Bool | null;
  console_enabled: Bool;
  raid_config: Json | null;
  target_raid_config: Json | null;
  chassis_uuid: string | null;
  allocation_uuid: string | null;
  shard: string | null;
  parent_node: string | null;
  service_step: Json | null;
  disable_power_off: Bool;
  instance_name: string | null;
  health: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `node_inventory` table: what inspection found (API 1.81). */
export interface NodeInventoryTable {
  node_uuid: string;
  inventory: Json;
  plugin_data: Json;
  created_at: Timestamp;
}

/** Row of the `portgroups` table. */
export interface PortgroupsTable {
  uuid: string;
  name: string | null;
  address: string | null;
  node_uuid: string;
  mode: string;
  properties: Json;
  standalone_ports_supported: Bool;
  extra: Json;
  internal_info: Json;
  physical_network: string | null;
  category: string | null;
  dynamic_portgroup: Bool;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `deploy_templates` table. */
export interface DeployTemplatesTable {
  uuid: string;
  name: string;
  steps: Json;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `allocations` table. */
export interface AllocationsTable {
  uuid: string;
  name: string | null;
  node_uuid: string | null;
  state: string;
  last_error: string | null;
  resource_class: string;
  traits: Json;
  candidate_nodes: Json;
  owner: string | null;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `volume_connectors` table. */
export interface VolumeConnectorsTable {
  uuid: string;
  node_uuid: string;
  type: string;
  connector_id: string;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `volume_targets` table. */
export interface VolumeTargetsTable {
  uuid: string;
  node_uuid: string;
  volume_type: string;
  properties: Json;
  boot_index: number;
  volume_id: string;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `chassis` table. */
export interface ChassisTable {
  uuid: string;
  description: string | null;
  extra: Json;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `node_history` table (Ironic's node history, API 1.78). */
export interface NodeHistoryTable {
  uuid: string;
  node_uuid: string;
  conductor: string | null;
  event_type: string;
  severity: string;
  event: string;
  user: string | null;
  created_at: Timestamp;
}

/** Row of the `ports` table. */
export interface PortsTable {
  uuid: string;
  address: string;
  node_uuid: string;
  name: string | null;
  pxe_enabled: Bool;
  physical_network: string | null;
  local_link_connection: Json;
  extra: Json;
  internal_info: Json;
  is_smartnic: Bool;
  portgroup_uuid: string | null;
  description: string | null;
  vendor: string | null;
  category: string | null;
  available_for_dynamic_portgroup: Bool;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

/** Row of the `conductors` table. */
export interface ConductorsTable {
  id: string;
  hostname: string;
  online: Bool;
  conductor_group: string;
  drivers: Json;
  version: string | null;
  /** Where the conductor serves RPC (`http://host:port` for JSON-RPC); `null` for queue transports. */
  rpc_address: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Row of the `conductor_hardware_interfaces` table. */
export interface ConductorHardwareInterfacesTable {
  conductor_id: string;
  hardware_type: string;
  interface_type: string;
  interface_name: string;
  is_default: Bool;
  created_at: Timestamp;
}

/** The whole database as kysely sees it. */
export interface FerricDatabase {
  nodes: NodesTable;
  ports: PortsTable;
  conductors: ConductorsTable;
  conductor_hardware_interfaces: ConductorHardwareInterfacesTable;
  node_history: NodeHistoryTable;
  chassis: ChassisTable;
  portgroups: PortgroupsTable;
  deploy_templates: DeployTemplatesTable;
  allocations: AllocationsTable;
  volume_connectors: VolumeConnectorsTable;
  volume_targets: VolumeTargetsTable;
  node_inventory: NodeInventoryTable;
}

/** A `nodes` row as selected. */
export type NodeRow = Selectable<NodesTable>;
/** A `nodes` row as inserted. */
export type NewNodeRow = Insertable<NodesTable>;
/** A partial `nodes` row for updates. */
export type NodeRowUpdate = Updateable<NodesTable>;
/** A `portgroups` row as selected. */
export type PortgroupRow = Selectable<PortgroupsTable>;
/** A `deploy_templates` row as selected. */
export type DeployTemplateRow = Selectable<DeployTemplatesTable>;
/** An `allocations` row as selected. */
export type AllocationRow = Selectable<AllocationsTable>;
/** A `volume_connectors` row as selected. */
export type VolumeConnectorRow = Selectable<VolumeConnectorsTable>;
/** A `volume_targets` row as selected. */
export type VolumeTargetRow = Selectable<VolumeTargetsTable>;
/** A `chassis` row as selected. */
export type ChassisRow = Selectable<ChassisTable>;
/** A `node_history` row as selected. */
export type NodeHistoryRow = Selectable<NodeHistoryTable>;
/** A `ports` row as selected. */
export type PortRow = Selectable<PortsTable>;
/** A `conductors` row as selected. */
export type ConductorRow = Selectable<ConductorsTable>;
/** A `conductor_hardware_interfaces` row as selected. */
export type ConductorHardwareInterfaceRow = Selectable<ConductorHardwareInterfacesTable>;
