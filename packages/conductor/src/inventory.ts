import type { AllocationFilters, AllocationSortKey } from './db/allocation-repository.js';
import type { ChassisSortKey } from './db/chassis-repository.js';
import type { ConductorRepository } from './db/conductor-repository.js';
import type { DeployTemplateSortKey } from './db/deploy-template-repository.js';
import type { NodeInventoryRecord } from './db/node-inventory-repository.js';
import type {
  NodeFilters,
  NodeLocation,
  NodeRepository,
  NodeSortKey,
  PartialNodeRecord,
} from './db/node-repository.js';
import type { PortFilters, PortRepository, PortSortKey } from './db/port-repository.js';
import type { PortgroupFilters, PortgroupSortKey } from './db/portgroup-repository.js';
import type { HashRingManager, RingNode } from './hash-ring.js';
import type {
  AllocationRecord,
  ChassisRecord,
  ConductorHardwareInterface,
  ConductorRecord,
  DeployTemplateRecord,
  NodeHistoryRecord,
  NodeRecord,
  Page,
  Pagination,
  PortgroupRecord,
  PortRecord,
  VolumeConnectorRecord,
  VolumeTargetRecord,
} from './model.js';

/**
 * Read-only access to nodes, ports and conductors for the API layer (Ironic's API reads its database
 * directly; writes go through {@link ConductorRpc}). Safe to use from any process sharing the database.
 */
export class Inventory {
  constructor(
    private readonly nodes: NodeRepository,
    private readonly ports: PortRepository,
    private readonly conductors: ConductorRepository,
    private readonly ring: HashRingManager,
    private readonly heartbeatTimeout: number,
  ) {}

  /** A node's uuid, hardware type and conductor group by UUID or name (no full read). @throws NodeNotFound */
  locateNode(ident: string): Promise<NodeLocation> {
    return this.nodes.locate(ident);
  }

  /** One node by UUID or name. @throws NodeNotFound */
  getNode(ident: string): Promise<NodeRecord> {
    return this.nodes.get(ident);
  }

  /** Nodes with filters and marker pagination (`limit` ≤ 1000). */
  listNodes(filters?: NodeFilters, page?: Pagination<NodeSortKey>): Promise<Page<NodeRecord>>;
  /** The same, reading only the record keys in `select` (and `uuid`): cheaper for narrow views. */
  listNodes(
    filters: NodeFilters,
    page: Pagination<NodeSortKey>,
    select: readonly (keyof NodeRecord)[],
  ): Promise<Page<PartialNodeRecord>>;
  listNodes(
    filters: NodeFilters = {},
    page: Pagination<NodeSortKey> = {},
    select?: readonly (keyof NodeRecord)[],
  ): Promise<Page<PartialNodeRecord>> {
    return select ? this.nodes.list(filters, page, select) : this.nodes.list(filters, page);
  }

  /** One port group by uuid or name. @throws PortgroupNotFound */
  getPortgroup(ident: string): Promise<PortgroupRecord> {
    return this.ports.portgroups.get(ident);
  }

  /** Port groups with filters and marker pagination. */
  listPortgroups(
    filters: PortgroupFilters = {},
    page: Pagination<PortgroupSortKey> = {},
  ): Promise<Page<PortgroupRecord>> {
    return this.ports.portgroups.list(filters, page);
  }

  /** One deploy template by uuid or name. @throws DeployTemplateNotFound */
  getDeployTemplate(ident: string): Promise<DeployTemplateRecord> {
    return this.nodes.deployTemplates.get(ident);
  }

  /** Deploy templates with marker pagination. */
  listDeployTemplates(page: Pagination<DeployTemplateSortKey> = {}): Promise<Page<DeployTemplateRecord>> {
    return this.nodes.deployTemplates.list(page);
  }

  /** One allocation by uuid or name. @throws AllocationNotFound */
  getAllocation(ident: string): Promise<AllocationRecord> {
    return this.nodes.allocations.get(ident);
  }

  /** Allocations with filters and marker pagination. */
  listAllocations(
    filters: AllocationFilters = {},
    page: Pagination<AllocationSortKey> = {},
  ): Promise<Page<AllocationRecord>> {
    return this.nodes.allocations.list(filters, page);
  }

  /** One volume connector. @throws VolumeNotFound */
  getVolumeConnector(uuid: string): Promise<VolumeConnectorRecord> {
    return this.nodes.volume.getConnector(uuid);
  }

  /** Volume connectors (of a node). */
  listVolumeConnectors(
    nodeUuid?: string,
    page: Pagination<'created_at'> = {},
  ): Promise<Page<VolumeConnectorRecord>> {
    return this.nodes.volume.listConnectors(nodeUuid, page);
  }

  /** One volume target. @throws VolumeNotFound */
  getVolumeTarget(uuid: string): Promise<VolumeTargetRecord> {
    return this.nodes.volume.getTarget(uuid);
  }

  /** Volume targets (of a node). */
  listVolumeTargets(
    nodeUuid?: string,
    page: Pagination<'created_at'> = {},
  ): Promise<Page<VolumeTargetRecord>> {
    return this.nodes.volume.listTargets(nodeUuid, page);
  }

  /** One chassis. @throws ChassisNotFound */
  getChassis(uuid: string): Promise<ChassisRecord> {
    return this.nodes.chassis.get(uuid);
  }

  /** Chassis with marker pagination. */
  listChassis(page: Pagination<ChassisSortKey> = {}): Promise<Page<ChassisRecord>> {
    return this.nodes.chassis.list(page);
  }

  /** A node's history events, oldest first (API 1.78), with marker pagination. */
  listNodeHistory(nodeUuid: string, page: Pagination<'created_at'> = {}): Promise<Page<NodeHistoryRecord>> {
    return this.nodes.history.list(nodeUuid, page);
  }

  /** One history event of a node. @throws NotFound */
  getNodeHistoryEvent(nodeUuid: string, eventUuid: string): Promise<NodeHistoryRecord> {
    return this.nodes.history.get(nodeUuid, eventUuid);
  }

  /** What the last inspection of a node saved (API 1.81). @throws NodeInventoryNotFound */
  getNodeInventory(nodeUuid: string): Promise<NodeInventoryRecord> {
    return this.nodes.inspectionData.get(nodeUuid);
  }

  /** Shards and how many nodes each holds, largest first (API 1.82; unsharded nodes count as `None`). */
  listShards(): Promise<{ name: string; count: number }[]> {
    return this.nodes.shardCounts();
  }

  /** The conductor currently responsible for a node (Ironic's `conductor` field), or `null`. */
  async conductorFor(node: RingNode): Promise<string | null> {
    try {
      return await this.ring.mapNode(node);
    } catch {
      return null;
    }
  }

  /** {@link conductorFor} of many nodes, in order, from one look at the rings (a listing). */
  async conductorsFor(nodes: readonly RingNode[]): Promise<(string | null)[]> {
    const map = await this.ring.mapper();
    const hosts: (string | null)[] = [];
    for (const node of nodes) hosts.push(map(node) ?? (await this.conductorFor(node)));
    return hosts;
  }

  /** One port by UUID or name. @throws PortNotFound */
  getPort(ident: string): Promise<PortRecord> {
    return this.ports.get(ident);
  }

  /** Ports with filters and marker pagination. */
  listPorts(filters: PortFilters = {}, page: Pagination<PortSortKey> = {}): Promise<Page<PortRecord>> {
    return this.ports.list(filters, page);
  }

  /** Every registered conductor with its liveness. */
  listConductors(): Promise<ConductorRecord[]> {
    return this.conductors.list(this.heartbeatTimeout);
  }

  /** One conductor. @throws ConductorNotFound */
  getConductor(hostname: string): Promise<ConductorRecord> {
    return this.conductors.get(hostname, this.heartbeatTimeout);
  }

  /** Hardware interfaces a conductor registered (for `GET /v1/drivers`). */
  listConductorInterfaces(hostname: string): Promise<ConductorHardwareInterface[]> {
    return this.conductors.listHardwareInterfaces(hostname);
  }
}
