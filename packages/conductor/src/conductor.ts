import { type DriverFactory, INTERFACE_TYPES, isFerricError } from '@ferric/core';
import type { Logger } from 'pino';
import type { ConductorConfig } from './config.js';
import type { NodeRepository } from './db/node-repository.js';
import { ConductorNotFound } from './errors.js';
import type { ConductorHardwareInterface, NodeRecord } from './model.js';
import { ConductorPeriodicContext } from './node-iterator.js';
import { type PeriodicRegistry, type PeriodicStats, PeriodicWorker } from './periodic-worker.js';
import { BUILT_IN_PERIODICS_SOURCE, ConductorManager } from './periodics/built-in.js';
import { explorePeriodics } from './periodics/explorer.js';
import { PowerSync } from './periodics/power-sync.js';
import { resumeOrphans } from './periodics/take-over.js';
import type { ConductorRpc, RpcArgs, RpcResult } from './rpc/contract.js';
import * as agentToken from './server/agent-token.js';
import * as allocations from './server/allocations.js';
import * as callbacks from './server/callbacks.js';
import * as chassis from './server/chassis.js';
import { type ConductorDeps, type ConductorStatus, ServerContext } from './server/context.js';
import * as deployTemplates from './server/deploy-templates.js';
import * as hardware from './server/hardware.js';
import * as writes from './server/inventory-writes.js';
import * as management from './server/management.js';
import * as portgroups from './server/portgroups.js';
import * as provisioning from './server/provisioning.js';
import * as traits from './server/traits.js';
import * as vendor from './server/vendor.js';
import * as vmedia from './server/vmedia.js';
import * as volume from './server/volume.js';
import type { TaskManager } from './task-manager.js';

export type { ConductorDeps, ConductorStatus } from './server/context.js';

/** Options of {@link Conductor.stop}. */
export interface StopOptions {
  /**
   * `false` simulates a crash (tests, emergency): timers stop and running work is abandoned, but the
   * conductor row stays online and its reservations stay in the database, as after a `kill -9`.
   */
  graceful?: boolean;
}

/**
 * The conductor service: registration and keepalive, periodics, and the server side of
 * {@link ConductorRpc}. The RPC methods are thin: each delegates to a handler in `src/server/*`
 * (inventory writes, provisioning, callbacks, management, vendor), which drive `src/operations/*`.
 */
export class Conductor implements ConductorRpc {
  #status: ConductorStatus = 'created';
  #keepalive: NodeJS.Timeout | undefined;
  #abort = new AbortController();
  readonly #periodics: PeriodicWorker;
  readonly #builtIns: ConductorManager;
  readonly #powerSync: PowerSync;
  readonly #ctx: ServerContext;

  /** @param deps the conductor's parts, normally wired by `createConductor`. */
  constructor(private readonly deps: ConductorDeps) {
    this.#ctx = new ServerContext(deps, () => this.#status);
    this.#periodics = new PeriodicWorker({
      pool: deps.pool,
      logger: deps.logger,
      host: deps.config.host,
      events: deps.events,
    });
    this.#powerSync = new PowerSync(this.#ctx);
    this.#builtIns = new ConductorManager(this.#ctx, this.#powerSync);
  }

  /** Host name this conductor registered under. */
  get host(): string {
    return this.deps.config.host;
  }
  /** Validated configuration. */
  get config(): ConductorConfig {
    return this.deps.config;
  }
  /** Lock manager. */
  get tasks(): TaskManager {
    return this.deps.tasks;
  }
  /** Driver composition. */
  get drivers(): DriverFactory {
    return this.deps.drivers;
  }
  /** Node table. */
  get nodes(): NodeRepository {
    return this.deps.nodes;
  }
  /** Conductor logger. */
  get logger(): Logger {
    return this.deps.logger;
  }
  /** Lifecycle state. */
  get status(): ConductorStatus {
    return this.#status;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Registers, starts keepalive and periodics, and resumes interrupted work. */
  async start(): Promise<void> {
    if (this.#status !== 'created' && this.#status !== 'stopped') return;
    this.#status = 'starting';
    this.#abort = new AbortController();
    const { nodes, conductors, config, logger, drivers } = this.deps;
    // Ironic's prepare_host: our own stale locks and interrupted power actions from a previous life.
    await nodes.clearTargetPowerStateHeldBy(this.host);
    const released = await nodes.releaseAllHeldBy([this.host]);
    if (released.length) logger.warn({ nodes: released }, 'released reservations left by a previous run');

    const reg = await conductors.register({
      hostname: this.host,
      conductorGroup: config.conductorGroup,
      hardwareTypes: drivers.enabledHardwareTypes(),
      interfaces: this.#enabledInterfaces(),
      version: this.deps.version,
    });
    if (reg.replacedLive)
      logger.warn('conductor row was still online: re-registered (previous run did not stop cleanly)');
    this.#keepalive = setInterval(() => {
      void conductors.touch(this.host).catch((err) => logger.error({ err }, 'keepalive failed'));
    }, config.heartbeatInterval * 1000);
    this.deps.ring.reset();
    const periodics = explorePeriodics({
      drivers,
      builtIns: [{ source: BUILT_IN_PERIODICS_SOURCE, instances: [this.#builtIns] }],
      contextFor: (id) => this.#context(id),
    });
    for (const def of periodics) this.#periodics.add(def);
    this.#periodics.start();
    this.deps.transport.register(this.host, this);
    this.#status = 'running';
    logger.info(
      { host: this.host, group: config.conductorGroup, hardwareTypes: drivers.enabledHardwareTypes() },
      'conductor started',
    );
    const resumed = await resumeOrphans(this.#ctx, this.#context('startup resume'));
    if (resumed) logger.info({ resumed }, 'resumed interrupted work');
  }

  /**
   * Graceful stop: leaves the RPC registry, stops periodics, waits up to `gracefulShutdownTimeout` for
   * running jobs, hands back the rest (their nodes resume on the next owner), releases every lock and
   * deregisters.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (this.#status !== 'running' && this.#status !== 'starting') return;
    const graceful = options.graceful ?? true;
    this.#status = 'stopping';
    const { logger, pool, tasks, nodes, conductors, transport, config } = this.deps;
    transport.unregister(this.host, this);
    clearInterval(this.#keepalive);
    this.#keepalive = undefined;
    if (!graceful) {
      this.#abort.abort();
      await this.#periodics.stop(0);
      tasks.abandonAll();
      this.#periodics.clear();
      this.#status = 'stopped';
      logger.warn('conductor killed without cleanup');
      return;
    }
    // Offline first, so the ring moves our nodes away while we drain.
    await conductors.touch(this.host, false);
    await this.#periodics.stop(config.gracefulShutdownTimeout * 1000);
    const finished = await pool.drain(config.gracefulShutdownTimeout * 1000);
    this.#abort.abort();
    const handedBack = tasks.abandonAll();
    if (!finished) logger.warn({ nodes: handedBack }, 'handing back unfinished jobs');
    await nodes.releaseAllHeldBy([this.host]);
    await conductors.unregister(this.host);
    this.#periodics.clear();
    this.#status = 'stopped';
    logger.info('conductor stopped');
  }

  /** Statistics of every periodic task (last run, duration, failures…). */
  listPeriodics(): PeriodicStats[] {
    return this.#periodics.list();
  }

  /** The periodic tasks of this conductor: list, pause, resume, trigger by id. */
  get periodics(): PeriodicRegistry {
    return this.#periodics;
  }

  #enabledInterfaces(): ConductorHardwareInterface[] {
    const { drivers } = this.deps;
    const interfaces: ConductorHardwareInterface[] = [];
    for (const hw of drivers.enabledHardwareTypes()) {
      const supported = drivers.enabledSupportedInterfaces(hw);
      for (const type of INTERFACE_TYPES) {
        for (const name of supported[type].enabled) {
          interfaces.push({
            hardwareType: hw,
            interfaceType: type,
            interfaceName: name,
            isDefault: supported[type].default === name,
          });
        }
      }
    }
    return interfaces;
  }

  #context(name: string): ConductorPeriodicContext {
    return new ConductorPeriodicContext(
      {
        host: this.host,
        nodes: this.deps.nodes,
        ring: this.deps.ring,
        tasks: this.deps.tasks,
        logger: this.deps.logger,
        signal: this.#abort.signal,
      },
      name,
    );
  }

  // ------------------------------------------------------------------ inventory writes

  createNode(req: RpcArgs<'createNode'>): Promise<NodeRecord> {
    return writes.createNode(this.#ctx, req);
  }
  updateNode(req: RpcArgs<'updateNode'>): Promise<NodeRecord> {
    return writes.updateNode(this.#ctx, req);
  }
  deleteNode(req: RpcArgs<'deleteNode'>): Promise<void> {
    return writes.deleteNode(this.#ctx, req);
  }
  createPort(req: RpcArgs<'createPort'>): Promise<RpcResult<'createPort'>> {
    return writes.createPort(this.#ctx, req);
  }
  updatePort(req: RpcArgs<'updatePort'>): Promise<RpcResult<'updatePort'>> {
    return writes.updatePort(this.#ctx, req);
  }
  deletePort(req: RpcArgs<'deletePort'>): Promise<void> {
    return writes.deletePort(this.#ctx, req);
  }

  // ------------------------------------------------------------------ validation & provisioning

  validateDriverInterfaces(
    req: RpcArgs<'validateDriverInterfaces'>,
  ): Promise<RpcResult<'validateDriverInterfaces'>> {
    return provisioning.validateDriverInterfaces(this.#ctx, req);
  }
  doProvisioningAction(req: RpcArgs<'doProvisioningAction'>): Promise<void> {
    return provisioning.doProvisioningAction(this.#ctx, req);
  }
  getCleanSteps(req: RpcArgs<'getCleanSteps'>): Promise<RpcResult<'getCleanSteps'>> {
    return provisioning.getCleanSteps(this.#ctx, req);
  }

  // ------------------------------------------------------------------ agent & driver callbacks

  continueNodeDeploy(req: RpcArgs<'continueNodeDeploy'>): Promise<void> {
    return callbacks.continueNodeDeploy(this.#ctx, req);
  }
  continueNodeClean(req: RpcArgs<'continueNodeClean'>): Promise<void> {
    return callbacks.continueNodeClean(this.#ctx, req);
  }
  continueNodeService(req: RpcArgs<'continueNodeService'>): Promise<void> {
    return callbacks.continueNodeService(this.#ctx, req);
  }
  continueInspection(req: RpcArgs<'continueInspection'>): Promise<void> {
    return callbacks.continueInspection(this.#ctx, req);
  }
  heartbeat(req: RpcArgs<'heartbeat'>): Promise<void> {
    return callbacks.heartbeat(this.#ctx, req);
  }

  // ------------------------------------------------------------------ power & management

  changeNodePowerState(req: RpcArgs<'changeNodePowerState'>): Promise<void> {
    return management.changeNodePowerState(this.#ctx, req);
  }
  getNodePowerState(req: RpcArgs<'getNodePowerState'>): Promise<RpcResult<'getNodePowerState'>> {
    return management.getNodePowerState(this.#ctx, req);
  }
  setBootDevice(req: RpcArgs<'setBootDevice'>): Promise<void> {
    return management.setBootDevice(this.#ctx, req);
  }
  getBootDevice(req: RpcArgs<'getBootDevice'>): Promise<RpcResult<'getBootDevice'>> {
    return management.getBootDevice(this.#ctx, req);
  }
  getSupportedBootDevices(
    req: RpcArgs<'getSupportedBootDevices'>,
  ): Promise<RpcResult<'getSupportedBootDevices'>> {
    return management.getSupportedBootDevices(this.#ctx, req);
  }
  setMaintenance(req: RpcArgs<'setMaintenance'>): Promise<NodeRecord> {
    return management.setMaintenance(this.#ctx, req);
  }

  // ------------------------------------------------------------------ vendor passthru

  getNodeVendorPassthruMethods(
    req: RpcArgs<'getNodeVendorPassthruMethods'>,
  ): Promise<RpcResult<'getNodeVendorPassthruMethods'>> {
    return vendor.getNodeVendorPassthruMethods(this.#ctx, req);
  }
  vendorPassthru(req: RpcArgs<'vendorPassthru'>): Promise<RpcResult<'vendorPassthru'>> {
    return vendor.vendorPassthru(this.#ctx, req);
  }
  getDriverVendorPassthruMethods(
    req: RpcArgs<'getDriverVendorPassthruMethods'>,
  ): Promise<RpcResult<'getDriverVendorPassthruMethods'>> {
    return vendor.getDriverVendorPassthruMethods(this.#ctx, req);
  }
  driverVendorPassthru(req: RpcArgs<'driverVendorPassthru'>): Promise<RpcResult<'driverVendorPassthru'>> {
    return vendor.driverVendorPassthru(this.#ctx, req);
  }

  // ------------------------------------------------------------------ traits, agent token, console, RAID, NMI, indicators, VIFs

  addNodeTraits(req: RpcArgs<'addNodeTraits'>): Promise<RpcResult<'addNodeTraits'>> {
    return traits.addNodeTraits(this.#ctx, req);
  }
  removeNodeTraits(req: RpcArgs<'removeNodeTraits'>): Promise<RpcResult<'removeNodeTraits'>> {
    return traits.removeNodeTraits(this.#ctx, req);
  }
  getNodeWithToken(req: RpcArgs<'getNodeWithToken'>): Promise<RpcResult<'getNodeWithToken'>> {
    return agentToken.getNodeWithToken(this.#ctx, req);
  }
  setConsoleMode(req: RpcArgs<'setConsoleMode'>): Promise<RpcResult<'setConsoleMode'>> {
    return hardware.setConsoleMode(this.#ctx, req);
  }
  getConsoleInformation(req: RpcArgs<'getConsoleInformation'>): Promise<RpcResult<'getConsoleInformation'>> {
    return hardware.getConsoleInformation(this.#ctx, req);
  }
  setTargetRaidConfig(req: RpcArgs<'setTargetRaidConfig'>): Promise<RpcResult<'setTargetRaidConfig'>> {
    return hardware.setTargetRaidConfig(this.#ctx, req);
  }
  createPortgroup(req: RpcArgs<'createPortgroup'>): Promise<RpcResult<'createPortgroup'>> {
    return portgroups.createPortgroup(this.#ctx, req);
  }
  updatePortgroup(req: RpcArgs<'updatePortgroup'>): Promise<RpcResult<'updatePortgroup'>> {
    return portgroups.updatePortgroup(this.#ctx, req);
  }
  deletePortgroup(req: RpcArgs<'deletePortgroup'>): Promise<void> {
    return portgroups.deletePortgroup(this.#ctx, req);
  }
  createDeployTemplate(req: RpcArgs<'createDeployTemplate'>): Promise<RpcResult<'createDeployTemplate'>> {
    return deployTemplates.createDeployTemplate(this.#ctx, req);
  }
  updateDeployTemplate(req: RpcArgs<'updateDeployTemplate'>): Promise<RpcResult<'updateDeployTemplate'>> {
    return deployTemplates.updateDeployTemplate(this.#ctx, req);
  }
  deleteDeployTemplate(req: RpcArgs<'deleteDeployTemplate'>): Promise<void> {
    return deployTemplates.deleteDeployTemplate(this.#ctx, req);
  }
  createAllocation(req: RpcArgs<'createAllocation'>): Promise<RpcResult<'createAllocation'>> {
    return allocations.createAllocation(this.#ctx, req);
  }
  updateAllocation(req: RpcArgs<'updateAllocation'>): Promise<RpcResult<'updateAllocation'>> {
    return allocations.updateAllocation(this.#ctx, req);
  }
  deleteAllocation(req: RpcArgs<'deleteAllocation'>): Promise<void> {
    return allocations.deleteAllocation(this.#ctx, req);
  }
  createVolumeConnector(req: RpcArgs<'createVolumeConnector'>): Promise<RpcResult<'createVolumeConnector'>> {
    return volume.createVolumeConnector(this.#ctx, req);
  }
  updateVolumeConnector(req: RpcArgs<'updateVolumeConnector'>): Promise<RpcResult<'updateVolumeConnector'>> {
    return volume.updateVolumeConnector(this.#ctx, req);
  }
  deleteVolumeConnector(req: RpcArgs<'deleteVolumeConnector'>): Promise<void> {
    return volume.deleteVolumeConnector(this.#ctx, req);
  }
  createVolumeTarget(req: RpcArgs<'createVolumeTarget'>): Promise<RpcResult<'createVolumeTarget'>> {
    return volume.createVolumeTarget(this.#ctx, req);
  }
  updateVolumeTarget(req: RpcArgs<'updateVolumeTarget'>): Promise<RpcResult<'updateVolumeTarget'>> {
    return volume.updateVolumeTarget(this.#ctx, req);
  }
  deleteVolumeTarget(req: RpcArgs<'deleteVolumeTarget'>): Promise<void> {
    return volume.deleteVolumeTarget(this.#ctx, req);
  }
  createChassis(req: RpcArgs<'createChassis'>): Promise<RpcResult<'createChassis'>> {
    return chassis.createChassis(this.#ctx, req);
  }
  updateChassis(req: RpcArgs<'updateChassis'>): Promise<RpcResult<'updateChassis'>> {
    return chassis.updateChassis(this.#ctx, req);
  }
  deleteChassis(req: RpcArgs<'deleteChassis'>): Promise<void> {
    return chassis.deleteChassis(this.#ctx, req);
  }
  setBootMode(req: RpcArgs<'setBootMode'>): Promise<RpcResult<'setBootMode'>> {
    return hardware.setBootMode(this.#ctx, req);
  }
  setSecureBootState(req: RpcArgs<'setSecureBootState'>): Promise<RpcResult<'setSecureBootState'>> {
    return hardware.setSecureBootState(this.#ctx, req);
  }
  injectNmi(req: RpcArgs<'injectNmi'>): Promise<RpcResult<'injectNmi'>> {
    return hardware.injectNmi(this.#ctx, req);
  }
  getVirtualMedia(req: RpcArgs<'getVirtualMedia'>): Promise<RpcResult<'getVirtualMedia'>> {
    return vmedia.getVirtualMedia(this.#ctx, req);
  }
  attachVirtualMedia(req: RpcArgs<'attachVirtualMedia'>): Promise<RpcResult<'attachVirtualMedia'>> {
    return vmedia.attachVirtualMedia(this.#ctx, req);
  }
  detachVirtualMedia(req: RpcArgs<'detachVirtualMedia'>): Promise<RpcResult<'detachVirtualMedia'>> {
    return vmedia.detachVirtualMedia(this.#ctx, req);
  }
  getSupportedIndicators(
    req: RpcArgs<'getSupportedIndicators'>,
  ): Promise<RpcResult<'getSupportedIndicators'>> {
    return hardware.getSupportedIndicators(this.#ctx, req);
  }
  getIndicatorState(req: RpcArgs<'getIndicatorState'>): Promise<RpcResult<'getIndicatorState'>> {
    return hardware.getIndicatorState(this.#ctx, req);
  }
  setIndicatorState(req: RpcArgs<'setIndicatorState'>): Promise<RpcResult<'setIndicatorState'>> {
    return hardware.setIndicatorState(this.#ctx, req);
  }
  vifList(req: RpcArgs<'vifList'>): Promise<RpcResult<'vifList'>> {
    return hardware.vifList(this.#ctx, req);
  }
  vifAttach(req: RpcArgs<'vifAttach'>): Promise<RpcResult<'vifAttach'>> {
    return hardware.vifAttach(this.#ctx, req);
  }
  vifDetach(req: RpcArgs<'vifDetach'>): Promise<RpcResult<'vifDetach'>> {
    return hardware.vifDetach(this.#ctx, req);
  }

  // ------------------------------------------------------------------ periodic tasks

  async listConductorPeriodics(
    req: RpcArgs<'listConductorPeriodics'>,
  ): Promise<RpcResult<'listConductorPeriodics'>> {
    if (req.host !== this.host) throw new ConductorNotFound(`Conductor ${req.host} could not be found.`);
    return this.#periodics.list();
  }
}

/** True for errors the API maps to a client error (kept for callers logging RPC failures). */
export function isClientError(err: unknown): boolean {
  return isFerricError(err) && err.httpStatus < 500;
}
