import {
  collectPeriodicTasks,
  DELETE_ALLOWED_STATES,
  type DriverFactory,
  INTERFACE_TYPES,
  type InterfaceType,
  InvalidParameterValue,
  InvalidState,
  isFerricError,
  POWER_TARGETS,
  type ProvisionStateName,
  ProvisionState as S,
  UnsupportedDriverExtension,
  VERBS,
} from '@ferric/core';
import type { Logger } from 'pino';
import type { ConductorConfig } from './config.js';
import type { ConductorRepository } from './db/conductor-repository.js';
import type { NodeRepository } from './db/node-repository.js';
import type { PortRepository } from './db/port-repository.js';
import { ConductorNotRunning, DuplicateEntry, NodeInWrongState, NoFreeConductorWorker } from './errors.js';
import { type ConductorEventStream, emitSafely } from './events.js';
import type { HashRingManager } from './hash-ring.js';
import type { ConductorHardwareInterface, NodeRecord } from './model.js';
import { ConductorPeriodicContext } from './node-iterator.js';
import {
  continueClean,
  continueDeploy,
  doAdopt,
  doClean,
  doDeploy,
  doInspect,
  doPowerAction,
  doRescue,
  doTearDown,
  doUnrescue,
  doVerify,
} from './operations/flows.js';
import { errorMessage, type OperationRuntime } from './operations/runtime.js';
import { availableSteps } from './operations/steps.js';
import { type PeriodicStats, PeriodicWorker } from './periodic-worker.js';
import { releaseDeadConductorLocks } from './periodics/dead-conductors.js';
import { PowerSync, powerFailureRecovery } from './periodics/power-sync.js';
import { resumeOrphans, takeOverNodes } from './periodics/take-over.js';
import { checkWaitTimeouts } from './periodics/wait-timeouts.js';
import type { ConductorRpc, RpcArgs, RpcResult } from './rpc/contract.js';
import type { InProcessTransport } from './rpc/in-process.js';
import type { ConductorTask, TaskManager } from './task-manager.js';
import type { WorkerPool } from './worker-pool.js';

/** Everything a {@link Conductor} is built from (wired by `createConductor`). */
export interface ConductorDeps {
  config: ConductorConfig;
  logger: Logger;
  nodes: NodeRepository;
  ports: PortRepository;
  conductors: ConductorRepository;
  drivers: DriverFactory;
  ring: HashRingManager;
  pool: WorkerPool;
  tasks: TaskManager;
  events: ConductorEventStream;
  transport: InProcessTransport;
  version: string;
}

/** Lifecycle state of a conductor. */
export type ConductorStatus = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Options of {@link Conductor.stop}. */
export interface StopOptions {
  /**
   * `false` simulates a crash (tests, emergency): timers stop and running work is abandoned, but the
   * conductor row stays online and its reservations stay in the database, as after a `kill -9`.
   */
  graceful?: boolean;
}

/**
 * The conductor service: registration and keepalive, periodics, the server side of
 * {@link ConductorRpc}, and the state-machine driven operations.
 */
export class Conductor implements ConductorRpc, OperationRuntime {
  #status: ConductorStatus = 'created';
  #keepalive: NodeJS.Timeout | undefined;
  #abort = new AbortController();
  #periodics: PeriodicWorker;
  readonly #powerSync: PowerSync;

  constructor(private readonly deps: ConductorDeps) {
    this.#periodics = new PeriodicWorker({ pool: deps.pool, logger: deps.logger });
    this.#powerSync = new PowerSync(this);
  }

  get host(): string {
    return this.deps.config.host;
  }
  get config(): ConductorConfig {
    return this.deps.config;
  }
  get tasks(): TaskManager {
    return this.deps.tasks;
  }
  get drivers(): DriverFactory {
    return this.deps.drivers;
  }
  get nodes(): NodeRepository {
    return this.deps.nodes;
  }
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
    // prepare_host: our own stale locks and interrupted power actions from a previous life.
    await nodes.clearTargetPowerStateHeldBy(this.host);
    const released = await nodes.releaseAllHeldBy([this.host]);
    if (released.length) logger.warn({ nodes: released }, 'released reservations left by a previous run');

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
    const reg = await conductors.register({
      hostname: this.host,
      conductorGroup: config.conductorGroup,
      hardwareTypes: drivers.enabledHardwareTypes(),
      interfaces,
      version: this.deps.version,
    });
    if (reg.replacedLive)
      logger.warn('conductor row was still online: re-registered (previous run did not stop cleanly)');
    this.#keepalive = setInterval(() => {
      void conductors.touch(this.host).catch((err) => logger.error({ err }, 'keepalive failed'));
    }, config.heartbeatInterval * 1000);
    this.deps.ring.reset();
    this.#registerPeriodics();
    this.#periodics.start();
    this.deps.transport.register(this.host, this);
    this.#status = 'running';
    logger.info(
      { host: this.host, group: config.conductorGroup, hardwareTypes: drivers.enabledHardwareTypes() },
      'conductor started',
    );
    const resumed = await resumeOrphans(this, this.#context('startup resume'));
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
      this.#periodics = new PeriodicWorker({ pool, logger });
      this.#status = 'stopped';
      logger.warn('conductor killed without cleanup');
      return;
    }
    await conductors.touch(this.host, false);
    await this.#periodics.stop(config.gracefulShutdownTimeout * 1000);
    const finished = await pool.drain(config.gracefulShutdownTimeout * 1000);
    this.#abort.abort();
    const handedBack = tasks.abandonAll();
    if (!finished) logger.warn({ nodes: handedBack }, 'handing back unfinished jobs');
    await nodes.releaseAllHeldBy([this.host]);
    await conductors.unregister(this.host);
    this.#periodics = new PeriodicWorker({ pool, logger });
    this.#status = 'stopped';
    logger.info('conductor stopped');
  }

  /** Statistics of every periodic task (last run, duration, failures…). */
  listPeriodics(): PeriodicStats[] {
    return this.#periodics.list();
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

  #registerPeriodics(): void {
    const c = this.deps.config;
    const add = (name: string, spacing: number, run: (ctx: ConductorPeriodicContext) => Promise<unknown>) => {
      const ctx = this.#context(name);
      this.#periodics.add({
        name,
        spacing,
        run: async () => {
          this.deps.ring.reset();
          await run(ctx);
        },
      });
    };
    add('conductor.syncPowerStates', c.syncPowerStateInterval, (ctx) => this.#powerSync.run(ctx));
    add('conductor.powerFailureRecovery', c.powerFailureRecoveryInterval, (ctx) => powerFailureRecovery(ctx));
    add('conductor.checkWaitTimeouts', c.checkProvisionStateInterval, (ctx) => checkWaitTimeouts(this, ctx));
    add('conductor.checkOrphanNodes', c.checkProvisionStateInterval, (ctx) =>
      releaseDeadConductorLocks(this, this.deps.conductors, ctx),
    );
    add('conductor.syncLocalState', c.syncLocalStateInterval, (ctx) => takeOverNodes(this, ctx));
    for (const p of collectPeriodicTasks(this.deps.drivers.periodicTargets())) {
      const ctx = this.#context(p.name);
      this.#periodics.add({
        name: p.name,
        spacing: p.spacing,
        enabled: p.enabled,
        runImmediately: p.runImmediately,
        run: () => p.run(ctx),
      });
    }
  }

  #assertRunning(): void {
    if (this.#status !== 'running')
      throw new ConductorNotRunning(`Conductor ${this.host} is ${this.#status}.`);
  }

  /** Exclusive task + spawned continuation: the RPC returns once the work is accepted. */
  async #spawn(
    node: string,
    requestId: string | undefined,
    purpose: string,
    accept: (task: ConductorTask) => Promise<void>,
    work: (task: ConductorTask) => Promise<void>,
  ): Promise<void> {
    this.#assertRunning();
    await this.deps.tasks.run(node, { purpose, requestId: requestId ?? null }, async (task) => {
      if (!this.deps.pool.hasCapacity()) {
        throw new NoFreeConductorWorker();
      }
      await accept(task);
      task.spawnAfter(purpose, work);
    });
  }

  // ------------------------------------------------------------------ inventory writes

  async createNode(req: RpcArgs<'createNode'>): Promise<NodeRecord> {
    this.#assertRunning();
    const input = { ...req.node };
    const selection = this.deps.drivers.resolveNodeInterfaces(input);
    for (const type of INTERFACE_TYPES) input[`${type}Interface`] ??= selection[type];
    if (input.name) await this.#assertFreeName(input.name);
    const node = await this.deps.nodes.create({
      ...input,
      provisionState: S.ENROLL,
      powerState: input.powerState ?? null,
    });
    emitSafely(
      this.deps.events,
      'node.created',
      { node: node.uuid, name: node.name, host: this.host, requestId: req.requestId ?? null, at: new Date() },
      () => {},
    );
    return node;
  }

  async #assertFreeName(name: string, self?: string): Promise<void> {
    const existing = await this.deps.nodes.get(name).catch(() => undefined);
    if (existing && existing.uuid !== self)
      throw new DuplicateEntry(`A node with name ${name} already exists.`);
  }

  async updateNode(req: RpcArgs<'updateNode'>): Promise<NodeRecord> {
    this.#assertRunning();
    const forbidden = [
      'provisionState',
      'targetProvisionState',
      'reservation',
      'powerState',
      'targetPowerState',
    ];
    const bad = Object.keys(req.patch).filter((k) => forbidden.includes(k));
    if (bad.length) throw new InvalidParameterValue(`Fields ${bad.join(', ')} cannot be updated directly.`);
    return this.deps.tasks.run(
      req.node,
      { purpose: 'node update', requestId: req.requestId ?? null },
      async (task) => {
        const changesDriver =
          req.patch.driver !== undefined || Object.keys(req.patch).some((k) => k.endsWith('Interface'));
        if (changesDriver) {
          const allowed: ProvisionStateName[] = [
            S.ENROLL,
            S.MANAGEABLE,
            S.INSPECTING,
            S.INSPECTWAIT,
            S.AVAILABLE,
          ];
          if (!allowed.includes(task.node.provisionState) && !task.node.maintenance) {
            throw new NodeInWrongState(
              `Cannot change driver or interfaces of node ${task.node.uuid} in state ${task.node.provisionState}.`,
            );
          }
          this.deps.drivers.resolveNodeInterfaces({ ...task.node, ...req.patch });
        }
        if (req.patch.name) await this.#assertFreeName(req.patch.name, task.node.uuid);
        Object.assign(task.node, req.patch);
        await task.save('update');
        return task.node;
      },
    );
  }

  async deleteNode(req: RpcArgs<'deleteNode'>): Promise<void> {
    this.#assertRunning();
    await this.deps.tasks.run(
      req.node,
      { purpose: 'node delete', requestId: req.requestId ?? null },
      async (task) => {
        const allowed: ProvisionStateName[] = [...DELETE_ALLOWED_STATES, S.AVAILABLE];
        if (!allowed.includes(task.node.provisionState) && !task.node.maintenance) {
          throw new NodeInWrongState(
            `Can not delete node ${task.node.uuid} while it is in provision state ${task.node.provisionState}.`,
          );
        }
        await this.deps.nodes.delete(task.node.uuid);
        task.abandon();
        emitSafely(
          this.deps.events,
          'node.deleted',
          {
            node: task.node.uuid,
            name: task.node.name,
            host: this.host,
            requestId: req.requestId ?? null,
            at: new Date(),
          },
          () => {},
        );
      },
    );
  }

  async createPort(req: RpcArgs<'createPort'>): Promise<RpcResult<'createPort'>> {
    this.#assertRunning();
    await this.deps.nodes.get(req.port.nodeUuid);
    const existing = await this.deps.ports.list({ address: req.port.address });
    if (existing.items.length)
      throw new DuplicateEntry(`A port with MAC address ${req.port.address} already exists.`);
    return this.deps.ports.create(req.port);
  }

  async updatePort(req: RpcArgs<'updatePort'>): Promise<RpcResult<'updatePort'>> {
    this.#assertRunning();
    const port = await this.deps.ports.get(req.port);
    if (req.patch.address) {
      const clash = (await this.deps.ports.list({ address: req.patch.address })).items.find(
        (p) => p.uuid !== port.uuid,
      );
      if (clash) throw new DuplicateEntry(`A port with MAC address ${req.patch.address} already exists.`);
    }
    return this.deps.ports.update(port.uuid, req.patch);
  }

  async deletePort(req: RpcArgs<'deletePort'>): Promise<void> {
    this.#assertRunning();
    const port = await this.deps.ports.get(req.port);
    await this.deps.ports.delete(port.uuid);
  }

  // ------------------------------------------------------------------ validation & provisioning

  async validateDriverInterfaces(
    req: RpcArgs<'validateDriverInterfaces'>,
  ): Promise<RpcResult<'validateDriverInterfaces'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'validate', shared: true }, async (task) => {
      const out = {} as Record<InterfaceType, { result: boolean; reason: string | null }>;
      for (const type of INTERFACE_TYPES) {
        try {
          await task.driver[type].validate(task);
          out[type] = { result: true, reason: null };
        } catch (err) {
          out[type] = { result: false, reason: errorMessage(err) };
        }
      }
      return out;
    });
  }

  async doProvisioningAction(req: RpcArgs<'doProvisioningAction'>): Promise<void> {
    const event = VERBS[req.verb];
    if (!event) throw new InvalidParameterValue(`Unknown provision verb '${req.verb}'.`);
    const rid = req.requestId;
    const p = (
      purpose: string,
      accept: (t: ConductorTask) => Promise<void>,
      work: (t: ConductorTask) => Promise<void>,
    ) => this.#spawn(req.node, rid, purpose, accept, work);
    switch (req.verb) {
      case 'manage':
        this.#assertRunning();
        return this.deps.tasks.run(req.node, { purpose: 'manage', requestId: rid ?? null }, async (task) => {
          if (task.node.provisionState === S.ENROLL) {
            await task.driver.power.validate(task);
            await task.processEvent('manage');
            task.spawnAfter('verify', doVerify);
          } else {
            await task.processEvent('manage', { lastError: null });
          }
        });
      case 'provide':
        return p(
          'provide',
          (t) => t.processEvent('provide'),
          (t) => doClean(this, t),
        );
      case 'clean': {
        const steps = req.cleanSteps;
        if (!steps?.length)
          throw new InvalidParameterValue('Manual cleaning requires a non-empty cleanSteps list.');
        return p(
          'manual cleaning',
          async (t) => {
            await t.processEvent('clean', { targetState: S.MANAGEABLE });
          },
          (t) => doClean(this, t, steps),
        );
      }
      case 'inspect':
        return p(
          'inspect',
          async (t) => {
            await t.driver.inspect.validate(t);
            await t.processEvent('inspect');
          },
          doInspect,
        );
      case 'active':
      case 'deploy':
      case 'rebuild':
        return p(
          'deploy',
          async (t) => {
            if (t.node.maintenance) throw new InvalidState(`Node ${t.node.uuid} is in maintenance mode.`);
            for (const type of ['power', 'deploy', 'boot', 'network', 'storage'] as const)
              await t.driver[type].validate(t);
            if (req.configdrive !== undefined) t.node.instanceInfo.configdrive = req.configdrive as never;
            const rebuild = req.verb === 'rebuild' || t.node.provisionState === S.ACTIVE;
            await t.processEvent(rebuild ? 'rebuild' : 'deploy', { lastError: null });
          },
          (t) => doDeploy(t, req.deploySteps),
        );
      case 'deleted':
      case 'undeploy':
        return p(
          'undeploy',
          (t) => t.processEvent('delete', { lastError: null }),
          (t) => doTearDown(this, t),
        );
      case 'rescue':
        return p(
          'rescue',
          async (t) => {
            if (!req.rescuePassword) throw new InvalidParameterValue('Rescue requires a rescuePassword.');
            await t.driver.rescue.validate(t);
            t.node.instanceInfo.rescue_password = req.rescuePassword;
            await t.processEvent('rescue', { lastError: null });
          },
          doRescue,
        );
      case 'unrescue':
        return p('unrescue', (t) => t.processEvent('unrescue', { lastError: null }), doUnrescue);
      case 'adopt':
        return p(
          'adopt',
          async (t) => {
            for (const type of ['power', 'deploy', 'boot'] as const) await t.driver[type].validate(t);
            await t.processEvent('adopt', { lastError: null });
          },
          doAdopt,
        );
      case 'abort':
        return this.#abortOperation(req.node, rid);
      default:
        throw new InvalidParameterValue(`Unsupported provision verb '${String(req.verb)}'.`);
    }
  }

  async #abortOperation(node: string, requestId: string | undefined): Promise<void> {
    this.#assertRunning();
    await this.deps.tasks.run(node, { purpose: 'abort', requestId: requestId ?? null }, async (task) => {
      const state = task.node.provisionState;
      const lastError = `${state} aborted by operator.`;
      switch (state) {
        case S.CLEANWAIT:
        case S.CLEANHOLD: {
          const step = task.node.cleanStep;
          if (step && !step.abortable) {
            throw new InvalidState(
              `Clean step ${step.interface}.${step.step} of node ${task.node.uuid} is not abortable.`,
            );
          }
          await task.driver.deploy.tearDownCleaning(task).catch(() => undefined);
          task.node.cleanStep = null;
          delete task.node.driverInternalInfo.clean_steps;
          delete task.node.driverInternalInfo.clean_step_index;
          await task.processEvent('abort', { lastError });
          return;
        }
        case S.INSPECTWAIT:
          await task.driver.inspect.abort(task);
          await task.processEvent('abort', { lastError });
          return;
        case S.RESCUEWAIT:
          await task.driver.rescue.cleanUp(task).catch(() => undefined);
          await task.processEvent('abort', { lastError });
          return;
        case S.DEPLOYWAIT:
        case S.DEPLOYHOLD:
          await task.processEvent('abort', { lastError });
          return;
        default:
          throw new InvalidState(`Can not abort node ${task.node.uuid} in provision state ${state}.`);
      }
    });
  }

  async continueNodeDeploy(req: RpcArgs<'continueNodeDeploy'>): Promise<void> {
    await this.#spawn(
      req.node,
      req.requestId,
      'continue deploy',
      async (t) => {
        if (t.node.provisionState !== S.DEPLOYWAIT) {
          throw new InvalidState(
            `Cannot continue deploy of node ${t.node.uuid} in state ${t.node.provisionState}.`,
          );
        }
        await t.processEvent('resume');
      },
      continueDeploy,
    );
  }

  async continueNodeClean(req: RpcArgs<'continueNodeClean'>): Promise<void> {
    await this.#spawn(
      req.node,
      req.requestId,
      'continue cleaning',
      async (t) => {
        if (t.node.provisionState !== S.CLEANWAIT) {
          throw new InvalidState(
            `Cannot continue cleaning of node ${t.node.uuid} in state ${t.node.provisionState}.`,
          );
        }
        const manual = t.node.driverInternalInfo.cleaning_manual === true;
        await t.processEvent('resume', manual ? { targetState: S.MANAGEABLE } : {});
      },
      continueClean,
    );
  }

  async heartbeat(req: RpcArgs<'heartbeat'>): Promise<void> {
    this.#assertRunning();
    const { node, requestId, ...args } = req;
    await this.deps.tasks.run(node, { purpose: 'heartbeat', requestId: requestId ?? null }, async (task) => {
      await task.touchProvisioning();
      await task.driver.deploy.heartbeat(task, args);
    });
  }

  // ------------------------------------------------------------------ power & management

  async changeNodePowerState(req: RpcArgs<'changeNodePowerState'>): Promise<void> {
    if (!POWER_TARGETS.includes(req.target))
      throw new InvalidParameterValue(`Invalid power target '${req.target}'.`);
    await this.#spawn(
      req.node,
      req.requestId,
      'power action',
      async (t) => {
        await t.driver.power.validate(t);
        const supported = await t.driver.power.getSupportedPowerStates(t);
        if (!supported.includes(req.target)) {
          throw new InvalidParameterValue(
            `Power target '${req.target}' is not supported by node ${t.node.uuid}.`,
          );
        }
        t.node.targetPowerState = req.target;
        await t.save();
      },
      (t) => doPowerAction(t, req.target, req.timeout),
    );
  }

  async getNodePowerState(req: RpcArgs<'getNodePowerState'>): Promise<RpcResult<'getNodePowerState'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'get power state', shared: true }, (t) =>
      t.driver.power.getPowerState(t),
    );
  }

  async setBootDevice(req: RpcArgs<'setBootDevice'>): Promise<void> {
    this.#assertRunning();
    await this.deps.tasks.run(
      req.node,
      { purpose: 'set boot device', requestId: req.requestId ?? null },
      async (t) => {
        await t.driver.management.validate(t);
        const supported = await t.driver.management.getSupportedBootDevices(t);
        if (!supported.includes(req.device)) {
          throw new InvalidParameterValue(
            `Boot device '${req.device}' is not supported by node ${t.node.uuid}.`,
          );
        }
        await t.driver.management.setBootDevice(t, req.device, { persistent: req.persistent ?? false });
        await t.save();
      },
    );
  }

  async getBootDevice(req: RpcArgs<'getBootDevice'>): Promise<RpcResult<'getBootDevice'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'get boot device', shared: true }, (t) =>
      t.driver.management.getBootDevice(t),
    );
  }

  async getSupportedBootDevices(
    req: RpcArgs<'getSupportedBootDevices'>,
  ): Promise<RpcResult<'getSupportedBootDevices'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'supported boot devices', shared: true }, (t) =>
      t.driver.management.getSupportedBootDevices(t),
    );
  }

  async setMaintenance(req: RpcArgs<'setMaintenance'>): Promise<NodeRecord> {
    this.#assertRunning();
    return this.deps.tasks.run(
      req.node,
      { purpose: 'maintenance', requestId: req.requestId ?? null },
      async (t) => {
        t.node.maintenance = req.maintenance;
        t.node.maintenanceReason = req.maintenance ? (req.reason ?? null) : null;
        if (!req.maintenance) t.node.fault = null;
        await t.save('maintenance');
        return t.node;
      },
    );
  }

  // ------------------------------------------------------------------ vendor passthru

  async getNodeVendorPassthruMethods(
    req: RpcArgs<'getNodeVendorPassthruMethods'>,
  ): Promise<RpcResult<'getNodeVendorPassthruMethods'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'vendor methods', shared: true }, async (t) =>
      publicRoutes(t.driver.vendor.routes.node),
    );
  }

  async vendorPassthru(req: RpcArgs<'vendorPassthru'>): Promise<RpcResult<'vendorPassthru'>> {
    this.#assertRunning();
    const args = req.args ?? {};
    const probe = await this.deps.tasks.run(
      req.node,
      { purpose: 'vendor passthru', shared: true },
      async (t) => {
        const route = t.driver.vendor.routes.node.get(req.method);
        if (!route)
          throw new InvalidParameterValue(`No vendor method '${req.method}' for node ${t.node.uuid}.`);
        if (!route.httpMethods.includes(req.httpMethod)) {
          throw new InvalidParameterValue(
            `Vendor method '${req.method}' does not accept HTTP ${req.httpMethod}.`,
          );
        }
        await t.driver.vendor.validate(t, req.method, args);
        return route;
      },
    );
    const call = async (t: ConductorTask) => {
      const fn = (
        t.driver.vendor as unknown as Record<string, (task: ConductorTask, a: unknown) => Promise<unknown>>
      )[probe.functionName]!;
      return fn.call(t.driver.vendor, t, args);
    };
    if (probe.async) {
      await this.#spawn(
        req.node,
        req.requestId,
        `vendor passthru ${req.method}`,
        async () => {},
        async (t) => {
          await call(t);
          await t.save();
        },
      );
      return { async: true, attach: probe.attach };
    }
    const shared = !probe.requireExclusiveLock;
    const value = await this.deps.tasks.run(
      req.node,
      { purpose: `vendor passthru ${req.method}`, shared, requestId: req.requestId ?? null },
      async (t) => {
        const r = await call(t);
        if (!shared) await t.save();
        return r;
      },
    );
    return { async: false, return: value, attach: probe.attach };
  }

  #driverVendor(driver: string) {
    const name = this.deps.drivers.defaultInterface(driver, 'vendor');
    return this.deps.drivers.getInterface(driver, 'vendor', name) as ConductorTask['driver']['vendor'];
  }

  async getDriverVendorPassthruMethods(
    req: RpcArgs<'getDriverVendorPassthruMethods'>,
  ): Promise<RpcResult<'getDriverVendorPassthruMethods'>> {
    this.#assertRunning();
    return publicRoutes(this.#driverVendor(req.driver).routes.driver);
  }

  async driverVendorPassthru(
    req: RpcArgs<'driverVendorPassthru'>,
  ): Promise<RpcResult<'driverVendorPassthru'>> {
    this.#assertRunning();
    const vendor = this.#driverVendor(req.driver);
    const route = vendor.routes.driver.get(req.method);
    if (!route)
      throw new UnsupportedDriverExtension(`No driver vendor method '${req.method}' for ${req.driver}.`);
    if (!route.httpMethods.includes(req.httpMethod)) {
      throw new InvalidParameterValue(
        `Driver vendor method '${req.method}' does not accept HTTP ${req.httpMethod}.`,
      );
    }
    const args = req.args ?? {};
    await vendor.driverValidate(req.method, args);
    const fn = (vendor as unknown as Record<string, (a: unknown) => Promise<unknown>>)[route.functionName]!;
    if (route.async) {
      this.deps.pool
        .spawn(`driver passthru ${req.method}`, () => fn.call(vendor, args))
        .catch((err) => {
          this.logger.error({ err, method: req.method }, 'driver vendor passthru failed');
        });
      return { async: true, attach: route.attach };
    }
    return { async: false, return: await fn.call(vendor, args), attach: route.attach };
  }

  async getCleanSteps(req: RpcArgs<'getCleanSteps'>): Promise<RpcResult<'getCleanSteps'>> {
    this.#assertRunning();
    return this.deps.tasks.run(req.node, { purpose: 'clean steps', shared: true }, (t) =>
      availableSteps(t, 'clean'),
    );
  }
}

function publicRoutes(
  routes: ReadonlyMap<string, import('@ferric/core').PassthruRoute>,
): Record<string, Omit<import('@ferric/core').PassthruRoute, 'functionName'>> {
  const out: Record<string, Omit<import('@ferric/core').PassthruRoute, 'functionName'>> = {};
  for (const [name, { functionName: _f, ...rest }] of routes) out[name] = rest;
  return out;
}

/** True for errors the API maps to a client error (kept for callers logging RPC failures). */
export function isClientError(err: unknown): boolean {
  return isFerricError(err) && err.httpStatus < 500;
}
