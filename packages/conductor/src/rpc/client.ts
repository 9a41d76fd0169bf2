import { randomUUID } from 'node:crypto';
import { DriverNotFound, TemporaryFailure } from '@ferric/core';
import type { NodeRepository } from '../db/node-repository.js';
import type { PortRepository } from '../db/port-repository.js';
import type { HashRingManager } from '../hash-ring.js';
import type { ConductorRpc, RpcArgs, RpcMethod, RpcResult, RpcTransport } from './contract.js';

type NodeScoped = Exclude<
  RpcMethod,
  | 'createNode'
  | 'createPort'
  | 'updatePort'
  | 'deletePort'
  | 'getDriverVendorPassthruMethods'
  | 'driverVendorPassthru'
  | 'createPortgroup'
  | 'updatePortgroup'
  | 'deletePortgroup'
  | 'createDeployTemplate'
  | 'updateDeployTemplate'
  | 'deleteDeployTemplate'
  | 'createAllocation'
  | 'updateAllocation'
  | 'deleteAllocation'
  | 'createVolumeConnector'
  | 'updateVolumeConnector'
  | 'deleteVolumeConnector'
  | 'createVolumeTarget'
  | 'updateVolumeTarget'
  | 'deleteVolumeTarget'
  | 'createChassis'
  | 'updateChassis'
  | 'deleteChassis'
  | 'listConductorPeriodics'
>;

/**
 * The caller side of {@link ConductorRpc}: picks the conductor responsible for each call with the hash
 * ring (node calls → the node's owner; driver calls → any conductor serving the driver) and sends it
 * through a {@link RpcTransport}. The API layer uses this; swapping the transport does not change it.
 */
export class ConductorRpcClient implements ConductorRpc {
  constructor(
    private readonly transport: RpcTransport,
    private readonly ring: HashRingManager,
    private readonly nodes: NodeRepository,
    private readonly ports: PortRepository,
  ) {}

  /** The host that a call about `node` (UUID or name) goes to. */
  async hostForNode(node: string): Promise<string> {
    return this.ring.mapNode(await this.nodes.locate(node));
  }

  async #toNode<M extends NodeScoped>(method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const host = await this.hostForNode((args as { node: string }).node);
    return this.transport.call(host, method, args);
  }

  async #toDriver<M extends RpcMethod>(driver: string, method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const host = await this.ring.hostForDriver(driver);
    if (!host) throw new DriverNotFound(`No live conductor serves hardware type '${driver}'.`);
    return this.transport.call(host, method, args);
  }

  async createNode(req: RpcArgs<'createNode'>): Promise<RpcResult<'createNode'>> {
    const node = { ...req.node, uuid: req.node.uuid ?? randomUUID() };
    const host = await this.ring.mapNode({
      uuid: node.uuid,
      driver: node.driver,
      conductorGroup: node.conductorGroup ?? '',
    });
    return this.transport.call(host, 'createNode', { ...req, node });
  }
  updateNode(req: RpcArgs<'updateNode'>) {
    return this.#toNode('updateNode', req);
  }
  deleteNode(req: RpcArgs<'deleteNode'>) {
    return this.#toNode('deleteNode', req);
  }
  /** Chassis are not node-scoped: any live conductor serves them (the first by name). */
  async #toAny<M extends RpcMethod>(method: M, args: RpcArgs<M>): Promise<RpcResult<M>> {
    const hosts = [...new Set([...(await this.ring.membership()).values()].flat())].sort();
    if (hosts.length === 0) throw new TemporaryFailure('No conductor service is alive.');
    return this.transport.call(hosts[0]!, method, args);
  }
  async createPortgroup(req: RpcArgs<'createPortgroup'>): Promise<RpcResult<'createPortgroup'>> {
    return this.transport.call(await this.hostForNode(req.portgroup.nodeUuid), 'createPortgroup', req);
  }
  async updatePortgroup(req: RpcArgs<'updatePortgroup'>): Promise<RpcResult<'updatePortgroup'>> {
    const pg = await this.ports.portgroups.get(req.portgroup);
    return this.transport.call(await this.hostForNode(pg.nodeUuid), 'updatePortgroup', req);
  }
  async deletePortgroup(req: RpcArgs<'deletePortgroup'>): Promise<void> {
    const pg = await this.ports.portgroups.get(req.portgroup);
    return this.transport.call(await this.hostForNode(pg.nodeUuid), 'deletePortgroup', req);
  }
  createDeployTemplate(req: RpcArgs<'createDeployTemplate'>) {
    return this.#toAny('createDeployTemplate', req);
  }
  updateDeployTemplate(req: RpcArgs<'updateDeployTemplate'>) {
    return this.#toAny('updateDeployTemplate', req);
  }
  deleteDeployTemplate(req: RpcArgs<'deleteDeployTemplate'>) {
    return this.#toAny('deleteDeployTemplate', req);
  }
  createAllocation(req: RpcArgs<'createAllocation'>) {
    return this.#toAny('createAllocation', req);
  }
  updateAllocation(req: RpcArgs<'updateAllocation'>) {
    return this.#toAny('updateAllocation', req);
  }
  deleteAllocation(req: RpcArgs<'deleteAllocation'>) {
    return this.#toAny('deleteAllocation', req);
  }
  async createVolumeConnector(
    req: RpcArgs<'createVolumeConnector'>,
  ): Promise<RpcResult<'createVolumeConnector'>> {
    return this.transport.call(await this.hostForNode(req.connector.nodeUuid), 'createVolumeConnector', req);
  }
  async updateVolumeConnector(
    req: RpcArgs<'updateVolumeConnector'>,
  ): Promise<RpcResult<'updateVolumeConnector'>> {
    const c = await this.nodes.volume.getConnector(req.connector);
    return this.transport.call(await this.hostForNode(c.nodeUuid), 'updateVolumeConnector', req);
  }
  async deleteVolumeConnector(req: RpcArgs<'deleteVolumeConnector'>): Promise<void> {
    const c = await this.nodes.volume.getConnector(req.connector);
    return this.transport.call(await this.hostForNode(c.nodeUuid), 'deleteVolumeConnector', req);
  }
  async createVolumeTarget(req: RpcArgs<'createVolumeTarget'>): Promise<RpcResult<'createVolumeTarget'>> {
    return this.transport.call(await this.hostForNode(req.target.nodeUuid), 'createVolumeTarget', req);
  }
  async updateVolumeTarget(req: RpcArgs<'updateVolumeTarget'>): Promise<RpcResult<'updateVolumeTarget'>> {
    const t = await this.nodes.volume.getTarget(req.target);
    return this.transport.call(await this.hostForNode(t.nodeUuid), 'updateVolumeTarget', req);
  }
  async deleteVolumeTarget(req: RpcArgs<'deleteVolumeTarget'>): Promise<void> {
    const t = await this.nodes.volume.getTarget(req.target);
    return this.transport.call(await this.hostForNode(t.nodeUuid), 'deleteVolumeTarget', req);
  }
  createChassis(req: RpcArgs<'createChassis'>) {
    return this.#toAny('createChassis', req);
  }
  updateChassis(req: RpcArgs<'updateChassis'>) {
    return this.#toAny('updateChassis', req);
  }
  deleteChassis(req: RpcArgs<'deleteChassis'>) {
    return this.#toAny('deleteChassis', req);
  }
  async createPort(req: RpcArgs<'createPort'>): Promise<RpcResult<'createPort'>> {
    const host = await this.hostForNode(req.port.nodeUuid);
    return this.transport.call(host, 'createPort', req);
  }
  async updatePort(req: RpcArgs<'updatePort'>): Promise<RpcResult<'updatePort'>> {
    const port = await this.ports.get(req.port);
    return this.transport.call(await this.hostForNode(port.nodeUuid), 'updatePort', req);
  }
  async deletePort(req: RpcArgs<'deletePort'>): Promise<void> {
    const port = await this.ports.get(req.port);
    return this.transport.call(await this.hostForNode(port.nodeUuid), 'deletePort', req);
  }
  validateDriverInterfaces(req: RpcArgs<'validateDriverInterfaces'>) {
    return this.#toNode('validateDriverInterfaces', req);
  }
  doProvisioningAction(req: RpcArgs<'doProvisioningAction'>) {
    return this.#toNode('doProvisioningAction', req);
  }
  continueNodeDeploy(req: RpcArgs<'continueNodeDeploy'>) {
    return this.#toNode('continueNodeDeploy', req);
  }
  continueNodeClean(req: RpcArgs<'continueNodeClean'>) {
    return this.#toNode('continueNodeClean', req);
  }
  continueNodeService(req: RpcArgs<'continueNodeService'>) {
    return this.#toNode('continueNodeService', req);
  }
  continueInspection(req: RpcArgs<'continueInspection'>) {
    return this.#toNode('continueInspection', req);
  }
  heartbeat(req: RpcArgs<'heartbeat'>) {
    return this.#toNode('heartbeat', req);
  }
  changeNodePowerState(req: RpcArgs<'changeNodePowerState'>) {
    return this.#toNode('changeNodePowerState', req);
  }
  getNodePowerState(req: RpcArgs<'getNodePowerState'>) {
    return this.#toNode('getNodePowerState', req);
  }
  setBootDevice(req: RpcArgs<'setBootDevice'>) {
    return this.#toNode('setBootDevice', req);
  }
  getBootDevice(req: RpcArgs<'getBootDevice'>) {
    return this.#toNode('getBootDevice', req);
  }
  getSupportedBootDevices(req: RpcArgs<'getSupportedBootDevices'>) {
    return this.#toNode('getSupportedBootDevices', req);
  }
  setMaintenance(req: RpcArgs<'setMaintenance'>) {
    return this.#toNode('setMaintenance', req);
  }
  getNodeVendorPassthruMethods(req: RpcArgs<'getNodeVendorPassthruMethods'>) {
    return this.#toNode('getNodeVendorPassthruMethods', req);
  }
  vendorPassthru(req: RpcArgs<'vendorPassthru'>) {
    return this.#toNode('vendorPassthru', req);
  }
  getDriverVendorPassthruMethods(req: RpcArgs<'getDriverVendorPassthruMethods'>) {
    return this.#toDriver(req.driver, 'getDriverVendorPassthruMethods', req);
  }
  driverVendorPassthru(req: RpcArgs<'driverVendorPassthru'>) {
    return this.#toDriver(req.driver, 'driverVendorPassthru', req);
  }
  getCleanSteps(req: RpcArgs<'getCleanSteps'>) {
    return this.#toNode('getCleanSteps', req);
  }
  addNodeTraits(req: RpcArgs<'addNodeTraits'>) {
    return this.#toNode('addNodeTraits', req);
  }
  removeNodeTraits(req: RpcArgs<'removeNodeTraits'>) {
    return this.#toNode('removeNodeTraits', req);
  }
  getNodeWithToken(req: RpcArgs<'getNodeWithToken'>) {
    return this.#toNode('getNodeWithToken', req);
  }
  setConsoleMode(req: RpcArgs<'setConsoleMode'>) {
    return this.#toNode('setConsoleMode', req);
  }
  getConsoleInformation(req: RpcArgs<'getConsoleInformation'>) {
    return this.#toNode('getConsoleInformation', req);
  }
  setTargetRaidConfig(req: RpcArgs<'setTargetRaidConfig'>) {
    return this.#toNode('setTargetRaidConfig', req);
  }
  setBootMode(req: RpcArgs<'setBootMode'>) {
    return this.#toNode('setBootMode', req);
  }
  setSecureBootState(req: RpcArgs<'setSecureBootState'>) {
    return this.#toNode('setSecureBootState', req);
  }
  injectNmi(req: RpcArgs<'injectNmi'>) {
    return this.#toNode('injectNmi', req);
  }
  getVirtualMedia(req: RpcArgs<'getVirtualMedia'>) {
    return this.#toNode('getVirtualMedia', req);
  }
  attachVirtualMedia(req: RpcArgs<'attachVirtualMedia'>) {
    return this.#toNode('attachVirtualMedia', req);
  }
  detachVirtualMedia(req: RpcArgs<'detachVirtualMedia'>) {
    return this.#toNode('detachVirtualMedia', req);
  }
  getSupportedIndicators(req: RpcArgs<'getSupportedIndicators'>) {
    return this.#toNode('getSupportedIndicators', req);
  }
  getIndicatorState(req: RpcArgs<'getIndicatorState'>) {
    return this.#toNode('getIndicatorState', req);
  }
  setIndicatorState(req: RpcArgs<'setIndicatorState'>) {
    return this.#toNode('setIndicatorState', req);
  }
  vifList(req: RpcArgs<'vifList'>) {
    return this.#toNode('vifList', req);
  }
  vifAttach(req: RpcArgs<'vifAttach'>) {
    return this.#toNode('vifAttach', req);
  }
  vifDetach(req: RpcArgs<'vifDetach'>) {
    return this.#toNode('vifDetach', req);
  }
  /** Delivered to the conductor named in the request. */
  listConductorPeriodics(req: RpcArgs<'listConductorPeriodics'>) {
    return this.transport.call(req.host, 'listConductorPeriodics', req);
  }
}
