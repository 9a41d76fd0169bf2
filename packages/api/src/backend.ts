import type {
  AllocationFilters,
  AllocationRecord,
  AllocationSortKey,
  ChassisRecord,
  ChassisSortKey,
  ConductorEventName,
  ConductorEventPayload,
  ConductorHardwareInterface,
  ConductorRecord,
  ConductorRpc,
  DeployTemplateRecord,
  DeployTemplateSortKey,
  NodeFilters,
  NodeHistoryRecord,
  NodeInventoryRecord,
  NodeLocation,
  NodeRecord,
  NodeSortKey,
  Page,
  Pagination,
  PartialNodeRecord,
  PortFilters,
  PortgroupFilters,
  PortgroupRecord,
  PortgroupSortKey,
  PortRecord,
  PortSortKey,
  VolumeConnectorRecord,
  VolumeTargetRecord,
} from '@ferric/conductor';
import type { PropertyDescriptions } from '@ferric/core';

/**
 * Read side the API needs (structurally `@ferric/conductor`'s `Inventory`): nodes, ports and
 * conductors straight from the shared database, never through RPC.
 * @public
 */
export interface ApiInventory {
  getNode(ident: string): Promise<NodeRecord>;
  /** A node's uuid, hardware type and conductor group by uuid or name. @throws NodeNotFound */
  locateNode(ident: string): Promise<NodeLocation>;
  /** One port group by uuid or name. @throws PortgroupNotFound */
  getPortgroup(ident: string): Promise<PortgroupRecord>;
  /** Port groups with filters and marker pagination. */
  listPortgroups(
    filters?: PortgroupFilters,
    page?: Pagination<PortgroupSortKey>,
  ): Promise<Page<PortgroupRecord>>;
  /** One deploy template by uuid or name. @throws DeployTemplateNotFound */
  getDeployTemplate(ident: string): Promise<DeployTemplateRecord>;
  /** Deploy templates with marker pagination. */
  listDeployTemplates(page?: Pagination<DeployTemplateSortKey>): Promise<Page<DeployTemplateRecord>>;
  /** One allocation by uuid or name. @throws AllocationNotFound */
  getAllocation(ident: string): Promise<AllocationRecord>;
  /** Allocations with filters and marker pagination. */
  listAllocations(
    filters?: AllocationFilters,
    page?: Pagination<AllocationSortKey>,
  ): Promise<Page<AllocationRecord>>;
  /** One volume connector. @throws VolumeNotFound */
  getVolumeConnector(uuid: string): Promise<VolumeConnectorRecord>;
  /** Volume connectors (of a node). */
  listVolumeConnectors(
    nodeUuid?: string,
    page?: Pagination<'created_at'>,
  ): Promise<Page<VolumeConnectorRecord>>;
  /** One volume target. @throws VolumeNotFound */
  getVolumeTarget(uuid: string): Promise<VolumeTargetRecord>;
  /** Volume targets (of a node). */
  listVolumeTargets(nodeUuid?: string, page?: Pagination<'created_at'>): Promise<Page<VolumeTargetRecord>>;
  /** One chassis. @throws ChassisNotFound */
  getChassis(uuid: string): Promise<ChassisRecord>;
  /** Chassis with marker pagination. */
  listChassis(page?: Pagination<ChassisSortKey>): Promise<Page<ChassisRecord>>;
  /** A node's history events, oldest first (API 1.78). */
  listNodeHistory(nodeUuid: string, page?: Pagination<'created_at'>): Promise<Page<NodeHistoryRecord>>;
  /** One history event of a node. @throws NotFound */
  getNodeHistoryEvent(nodeUuid: string, eventUuid: string): Promise<NodeHistoryRecord>;
  /**
   * Nodes with filters and marker pagination. With `select`, an implementation may read only those
   * record keys (and `uuid`) — the keys the listing's shown fields are computed from.
   */
  listNodes(
    filters?: NodeFilters,
    page?: Pagination<NodeSortKey>,
    select?: readonly (keyof NodeRecord)[],
  ): Promise<Page<PartialNodeRecord>>;
  /** The conductor the hash ring maps a node to, or `null`. */
  conductorFor(node: Pick<NodeRecord, 'uuid' | 'driver' | 'conductorGroup'>): Promise<string | null>;
  /** {@link conductorFor} of many nodes, in order (a listing; one look at the rings for all). */
  conductorsFor(
    nodes: readonly Pick<NodeRecord, 'uuid' | 'driver' | 'conductorGroup'>[],
  ): Promise<(string | null)[]>;
  getPort(ident: string): Promise<PortRecord>;
  listPorts(filters?: PortFilters, page?: Pagination<PortSortKey>): Promise<Page<PortRecord>>;
  listConductors(): Promise<ConductorRecord[]>;
  getConductor(hostname: string): Promise<ConductorRecord>;
  listConductorInterfaces(hostname: string): Promise<ConductorHardwareInterface[]>;
  /** What the last inspection of a node saved (API 1.81). @throws NodeInventoryNotFound */
  getNodeInventory(nodeUuid: string): Promise<NodeInventoryRecord>;
  /** Shards with their node counts, largest first (API 1.82). */
  listShards(): Promise<{ name: string; count: number }[]>;
}

/**
 * Subscription side of the conductor's event stream (eventemitter3-compatible): node events and
 * periodic task runs. @public
 */
export interface ApiEventSource {
  on(name: ConductorEventName, listener: (event: ConductorEventPayload) => void): unknown;
  off(name: ConductorEventName, listener: (event: ConductorEventPayload) => void): unknown;
}

/**
 * Driver metadata the API serves itself (`GET /v1/drivers/{name}/properties`) and the secret keys it
 * must mask. Ferric builds it from the same plugins and configuration as the conductor (thin adapter:
 * the RPC contract has no `getDriverProperties`).
 * @public
 */
export interface DriverMetadata {
  /** `driver_info` keys the hardware type's default interfaces accept. @throws DriverNotFound */
  getProperties(driver: string): PropertyDescriptions;
  /**
   * Keys a logical disk of `target_raid_config` may have, from the hardware type's default RAID
   * interface. @throws DriverNotFound; UnsupportedDriverExtension when that interface is `no-raid`
   */
  getRaidLogicalDiskProperties(driver: string): Readonly<Record<string, string>>;
  /** Every `driver_info` key any enabled driver declares `secret: true`. */
  secretKeys(): string[];
}

/** Everything the API talks to. Writes go only through {@link ConductorRpc}. @public */
export interface ApiBackend {
  rpc: ConductorRpc;
  inventory: ApiInventory;
  drivers: DriverMetadata;
  events?: ApiEventSource;
}
