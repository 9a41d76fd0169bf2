import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DriverFactory,
  type DriverInterfaces,
  type NewPort,
  NodeLocked,
  PROVISION_MACHINE,
  type ProcessEventOptions,
  type ProvisionEventName,
  type ProvisionStateName,
  StateMachine,
  type Task,
} from '@ferric/core';
import { dequal } from 'dequal';
import type { Logger } from 'pino';
import rfdc from 'rfdc';
import type { NodeRepository } from './db/node-repository.js';
import type { PortRepository } from './db/port-repository.js';
import { instrumentDriver } from './driver-calls.js';
import { NoFreeConductorWorker, TaskReleased } from './errors.js';
import { type ConductorEventStream, emitSafely } from './events.js';
import { historyEntriesFor } from './history-events.js';
import type { NodePatch, NodeRecord, PortRecord } from './model.js';
import { deriveRaidConfig } from './raid-config.js';
import type { SpawnOptions, WorkerPool, WorkerSlot } from './worker-pool.js';

/** How to take a node. */
export interface AcquireOptions {
  /** Why (logs and `NodeLocked` messages). */
  purpose: string;
  /** Shared (read) lock: no reservation written. Default exclusive. */
  shared?: boolean;
  /** Retry a held lock `nodeLockedRetryAttempts` times (default `true`); `false` = one attempt. */
  retry?: boolean;
  /** Wait for the lock forever. */
  patient?: boolean;
  /** Request id for logs and events. */
  requestId?: string | null;
  /**
   * A worker already taken from the pool (see {@link WorkerPool.waitForWorker}): work handed on with
   * {@link ConductorTask.spawnAfter} runs on it; it is released if the task spawns nothing or fails.
   */
  worker?: WorkerSlot;
}

/** Dependencies of {@link TaskManager}. */
export interface TaskManagerDeps {
  host: string;
  nodes: NodeRepository;
  ports: PortRepository;
  drivers: DriverFactory;
  pool: WorkerPool;
  events: ConductorEventStream;
  logger: Logger;
  lockRetryAttempts: number;
  lockRetryInterval: number;
  /**
   * Continues a node's waiting steps after a driver asked for it with `notifyResume()`; called once
   * the task released its lock. Unset: requests are logged and dropped.
   */
  resume?: (node: string, state: ProvisionStateName, requestId: string | null) => void;
}

/** A background continuation that inherits the task's lock (Ironic's `spawn_after`). */
type SpawnedWork = {
  name: string;
  work: (task: ConductorTask) => Promise<void>;
  onSpawnError?: (task: ConductorTask, err: unknown) => Promise<void>;
  allowReserved: boolean;
};

const TRACKED: (keyof NodeRecord)[] = [
  'provisionState',
  'targetProvisionState',
  'powerState',
  'targetPowerState',
  'maintenance',
  'maintenanceReason',
  'fault',
  'lastError',
];

/** Keys `save()` never writes: identity, timestamps the repository sets, and the lock. */
const NOT_SAVED = new Set(['uuid', 'createdAt', 'updatedAt', 'reservation']);

/**
 * A deep copy of a node record: the task's working copy must share no object with what it last
 * persisted (structuredClone does the same at several times the cost).
 */
const cloneNode: <T>(value: T) => T = rfdc();

/** A value stored as JSON text (a plain object or array, not a `Date`). */
function isDocument(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !(v instanceof Date);
}

/**
 * The conductor's implementation of core's {@link Task}: one node, locked shared or exclusive, with its
 * composed driver. Persist changes with {@link ConductorTask.save}; every state change is emitted on the
 * event stream after it was committed.
 */
export class ConductorTask implements Task {
  #node: NodeRecord;
  #persisted: NodeRecord;
  #logger: Logger | undefined;
  #ports: PortRecord[];
  #shared: boolean;
  #released = false;
  #driver: DriverInterfaces | undefined;
  #spawn: SpawnedWork | undefined;
  #worker: WorkerSlot | undefined;
  #resumeRequested = false;

  /** @internal created by {@link TaskManager.acquire}. */
  constructor(
    private readonly deps: TaskManagerDeps,
    node: NodeRecord,
    ports: PortRecord[],
    readonly purpose: string,
    shared: boolean,
    readonly requestId: string | null,
  ) {
    this.#node = cloneNode(node);
    this.#persisted = node;
    this.#ports = ports;
    this.#shared = shared;
  }

  /** A logger bound to the node, request and purpose (made on first use: most tasks log nothing). */
  get logger(): Logger {
    this.#logger ??= this.deps.logger.child({
      node: this.#node.uuid,
      ...(this.requestId ? { requestId: this.requestId } : {}),
      purpose: this.purpose,
    });
    return this.#logger;
  }

  /** The node (a private working copy; mutate only when exclusive, then {@link save}). */
  get node(): NodeRecord {
    return this.#node;
  }

  /** The node's ports. */
  get ports(): readonly PortRecord[] {
    return this.#ports;
  }

  /** True while only a shared lock is held. */
  get shared(): boolean {
    return this.#shared;
  }

  /** True once released (or handed back on shutdown). */
  get released(): boolean {
    return this.#released;
  }

  /** The node's composed driver (built lazily from the enabled implementations). */
  get driver(): DriverInterfaces {
    if (!this.#driver) {
      const built = this.deps.drivers.buildDriver(this.#node);
      const { events } = this.deps;
      this.#driver =
        events.listenerCount('driver.call') > 0
          ? instrumentDriver(
              built,
              {
                node: this.#node.uuid,
                host: this.deps.host,
                requestId: this.requestId,
                hardwareType: this.#node.driver,
              },
              events,
              (err) => this.logger.warn({ err }, 'event listener failed'),
            )
          : built;
    }
    return this.#driver;
  }

  /** Host of the conductor running the task. */
  get host(): string {
    return this.deps.host;
  }

  /** Fires a provision event and persists the resulting state (exclusive lock required). */
  async processEvent(event: ProvisionEventName, options: ProcessEventOptions = {}): Promise<void> {
    this.#assertExclusive(`process event ${event}`);
    const fsm = new StateMachine(
      PROVISION_MACHINE,
      this.#node.provisionState,
      this.#node.targetProvisionState,
    );
    const t = fsm.processEvent(event, options.targetState);
    this.#node.provisionState = t.to;
    this.#node.targetProvisionState = t.target;
    if (options.lastError !== undefined) this.#node.lastError = options.lastError;
    await this.save(event);
  }

  /** Persists changes made to {@link node} (only changed columns are written). */
  async save(cause?: string): Promise<void> {
    this.#assertExclusive('save');
    deriveRaidConfig(this.#node);
    const patch: Record<string, unknown> = {};
    let changed = false;
    const before = this.#persisted as unknown as Record<string, unknown>;
    const after = this.#node as unknown as Record<string, unknown>;
    for (const key in after) {
      const a = after[key];
      const b = before[key];
      if (a === b || NOT_SAVED.has(key)) continue;
      if (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) continue;
      // Drivers mutate documents in place: compare their contents.
      if (isDocument(a) && isDocument(b) && dequal(a, b)) continue;
      patch[key] = a;
      changed = true;
    }
    if (!changed) return;
    // Under the exclusive lock nobody else writes these columns: no need to read the row back.
    const saved = await this.deps.nodes.updateFrom(this.#persisted, patch as NodePatch);
    const old = this.#persisted;
    this.#persisted = saved;
    this.#node = cloneNode(saved);
    this.#emitChanges(old, saved, cause);
    await this.#recordHistory(old, saved, cause);
  }

  /** Appends Ironic-style `node_history` events for a committed change (never fails the save). */
  async #recordHistory(old: NodeRecord, now: NodeRecord, cause: string | undefined): Promise<void> {
    const history = this.deps.nodes.history;
    for (const entry of historyEntriesFor(old, now, this.deps.host, this.purpose, cause)) {
      try {
        await history.record(entry);
      } catch (err) {
        this.logger.warn({ err }, 'failed to record node history');
      }
    }
  }

  /** Upgrades a shared lock to exclusive and reloads the node. @throws NodeLocked */
  async upgradeLock(purpose?: string): Promise<void> {
    if (this.#released) throw new TaskReleased(`Task for node ${this.#node.uuid} was already released.`);
    if (!this.#shared) return;
    const fresh =
      (await this.deps.nodes.reserveReturning(this.#node.uuid, this.deps.host)) ??
      (await lockWithRetry(this.deps, this.#node.uuid, { purpose: purpose ?? this.purpose }));
    this.#shared = false;
    this.#persisted = fresh;
    this.#node = cloneNode(fresh);
    this.#driver = undefined;
  }

  /** Bumps `provision_updated_at` so callback timeouts restart. */
  async touchProvisioning(): Promise<void> {
    await this.deps.nodes.touchProvisioning(this.#node.uuid);
  }

  /** Continue the node's waiting steps once this task releases its lock (core's `notifyResume`). */
  notifyResume(): void {
    this.#resumeRequested = true;
  }

  /** Creates a port for this node (exclusive lock); it joins {@link ports} at once. */
  async createPort(port: NewPort): Promise<PortRecord> {
    this.#assertExclusive('create a port');
    const created = await this.deps.ports.create({
      ...port,
      address: port.address.toLowerCase(),
      nodeUuid: this.#node.uuid,
    });
    this.#ports.push(created);
    return created;
  }

  /**
   * Hands the lock to `work`, started on the worker pool once the task's synchronous part succeeded
   * (Ironic's `spawn_after`). `onSpawnError` reverts state when the pool refuses the job.
   */
  spawnAfter(
    name: string,
    work: (task: ConductorTask) => Promise<void>,
    options: {
      onSpawnError?: (task: ConductorTask, err: unknown) => Promise<void>;
      allowReserved?: boolean;
    } = {},
  ): void {
    this.#assertExclusive('spawn work');
    this.#spawn = {
      name,
      work,
      onSpawnError: options.onSpawnError,
      allowReserved: options.allowReserved ?? true,
    };
  }

  /**
   * Takes a pool worker for the work this task will hand on with {@link spawnAfter}, before any state
   * changes: once it holds one, starting that work cannot fail, and if the pool is full the caller
   * gets `NoFreeConductorWorker` with the node untouched. The worker is released if nothing is
   * spawned. Idempotent.
   * @throws NoFreeConductorWorker
   */
  reserveWorker(options: SpawnOptions = {}): void {
    this.#assertExclusive('reserve a worker');
    this.#worker ??= this.deps.pool.reserve(options);
  }

  /** @internal hands a worker taken before the lock to this task. */
  adoptWorker(slot: WorkerSlot): void {
    if (this.#worker && this.#worker !== slot) slot.release();
    else this.#worker = slot;
  }

  /** @internal the reserved worker, cleared when taken. */
  takeWorker(): WorkerSlot | undefined {
    const w = this.#worker;
    this.#worker = undefined;
    return w;
  }

  /** @internal the pending continuation, cleared when taken. */
  takeSpawn(): SpawnedWork | undefined {
    const s = this.#spawn;
    this.#spawn = undefined;
    return s;
  }

  /** Releases the lock (idempotent). Shared tasks only stop being usable. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (!this.#shared) {
      try {
        await this.deps.nodes.release(this.#node.uuid, this.deps.host);
      } catch (err) {
        this.logger.error({ err }, 'failed to release node reservation');
      }
    }
    if (this.#resumeRequested) {
      this.#resumeRequested = false;
      if (this.deps.resume) this.deps.resume(this.#node.uuid, this.#node.provisionState, this.requestId);
      else this.logger.warn('a driver asked to resume the node, but this runtime cannot');
    }
  }

  /** @internal marks the task as handed back without touching the database (shutdown). */
  abandon(): void {
    this.#released = true;
  }

  #assertExclusive(what: string): void {
    if (this.#released) {
      throw new TaskReleased(
        `Cannot ${what} on node ${this.#node.uuid}: its lock was released or handed back.`,
      );
    }
    if (this.#shared) {
      throw new TaskReleased(
        `Cannot ${what} on node ${this.#node.uuid} with a shared lock; upgrade it first.`,
      );
    }
  }

  #emitChanges(old: NodeRecord, now: NodeRecord, cause: string | undefined): void {
    const { events, host } = this.deps;
    const base = { node: now.uuid, host, requestId: this.requestId, at: new Date() };
    const onError = (err: unknown) => this.logger.warn({ err }, 'event listener failed');
    const progress = progressOf(now);
    if (progress && !dequal(progress, progressOf(old))) {
      emitSafely(events, 'node.progress', { ...base, ...progress }, onError);
    }
    const changed = TRACKED.filter((k) => old[k] !== now[k]);
    if (changed.length === 0) return;
    const info = this.deps.logger.isLevelEnabled('info');
    if (changed.includes('provisionState') || changed.includes('targetProvisionState')) {
      if (info)
        this.logger.info(
          {
            from: old.provisionState,
            to: now.provisionState,
            target: now.targetProvisionState,
            event: cause,
          },
          'provision state changed',
        );
      emitSafely(
        events,
        'node.provisionStateChanged',
        {
          ...base,
          from: old.provisionState,
          to: now.provisionState,
          target: now.targetProvisionState,
          ...(cause ? { event: cause } : {}),
        },
        onError,
      );
    }
    if (changed.includes('powerState')) {
      if (info) this.logger.info({ from: old.powerState, to: now.powerState }, 'power state changed');
      emitSafely(
        events,
        'node.powerStateChanged',
        { ...base, from: old.powerState, to: now.powerState },
        onError,
      );
    }
    if (changed.includes('maintenance')) {
      emitSafely(
        events,
        'node.maintenanceChanged',
        { ...base, maintenance: now.maintenance, reason: now.maintenanceReason, fault: now.fault },
        onError,
      );
    }
    if (changed.includes('lastError') && now.lastError) {
      emitSafely(events, 'node.error', { ...base, error: now.lastError }, onError);
    }
  }
}

/** The progress a deploy interface keeps in `driver_internal_info.deploy_progress`, if well-formed. */
function progressOf(
  node: NodeRecord,
): { command: string; bytesWritten: number; totalBytes: number } | undefined {
  const value = node.driverInternalInfo.deploy_progress;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { command, bytes_written: bytesWritten, total_bytes: totalBytes } = value as Record<string, unknown>;
  if (typeof bytesWritten !== 'number') return undefined;
  return {
    command: typeof command === 'string' ? command : 'unknown',
    bytesWritten,
    totalBytes: typeof totalBytes === 'number' ? totalBytes : 0,
  };
}

async function lockWithRetry(
  deps: TaskManagerDeps,
  uuid: string,
  options: Pick<AcquireOptions, 'purpose' | 'retry' | 'patient'>,
): Promise<NodeRecord> {
  const attempts = options.retry === false ? 0 : deps.lockRetryAttempts;
  for (let attempt = 0; options.patient || attempt <= attempts; attempt++) {
    if (attempt > 0) await sleep(deps.lockRetryInterval * 1000);
    const locked = await deps.nodes.reserveReturning(uuid, deps.host);
    if (locked) return locked;
  }
  const holder = (await deps.nodes.find(uuid))?.reservation ?? 'unknown';
  throw new NodeLocked(uuid, holder, { details: { purpose: options.purpose } });
}

/**
 * Ironic's task manager: takes node locks (an atomic `reservation` update for exclusive tasks, nothing
 * for shared ones), guarantees their release, and hands a lock to background work on the pool.
 */
export class TaskManager {
  readonly #background = new Set<ConductorTask>();

  constructor(private readonly deps: TaskManagerDeps) {}

  /** Number of background jobs currently holding a node lock. */
  get backgroundCount(): number {
    return this.#background.size;
  }

  /**
   * Shutdown: marks every still-running background task as handed back (its later writes are refused)
   * and returns their node uuids. The caller releases the reservations.
   */
  abandonAll(): string[] {
    const uuids = [...this.#background].map((t) => t.node.uuid);
    for (const t of this.#background) t.abandon();
    this.#background.clear();
    return uuids;
  }

  /**
   * Locks and loads a node. The caller must {@link ConductorTask.release} it; prefer {@link run}.
   * @throws NodeNotFound, NodeLocked
   */
  async acquire(ident: string, options: AcquireOptions): Promise<ConductorTask> {
    const { nodes, ports } = this.deps;
    const shared = options.shared ?? false;
    // Fast path for the common case (a free node named by its uuid): one `UPDATE … RETURNING`
    // takes the lock and reads the node. Anything else (a name, a held lock) takes the long way.
    let node = shared ? undefined : await nodes.reserveReturning(ident, this.deps.host);
    if (!node) {
      const found = await nodes.get(ident);
      if (shared) node = found;
      else {
        if (found.reservation && !options.patient && options.retry === false) {
          throw new NodeLocked(found.uuid, found.reservation, { details: { purpose: options.purpose } });
        }
        node = await lockWithRetry(this.deps, found.uuid, options);
      }
    }
    const uuid = node.uuid;
    try {
      const nodePorts = await ports.listForNode(uuid);
      return new ConductorTask(
        this.deps,
        node,
        nodePorts,
        options.purpose,
        shared,
        options.requestId ?? null,
      );
    } catch (err) {
      if (!shared) await nodes.release(uuid, this.deps.host);
      throw err;
    }
  }

  /**
   * Runs `fn` under a lock and releases it afterwards, also on errors. If `fn` called
   * {@link ConductorTask.spawnAfter}, the lock passes to that job instead and is released when it ends.
   * @throws NoFreeConductorWorker when the job cannot be spawned (after `onSpawnError` ran).
   */
  async run<T>(ident: string, options: AcquireOptions, fn: (task: ConductorTask) => Promise<T>): Promise<T> {
    let task: ConductorTask;
    try {
      task = await this.acquire(ident, options);
    } catch (err) {
      options.worker?.release();
      throw err;
    }
    if (options.worker) task.adoptWorker(options.worker);
    let result: T;
    try {
      result = await fn(task);
    } catch (err) {
      task.takeSpawn();
      task.takeWorker()?.release();
      await task.release();
      throw err;
    }
    const spawn = task.takeSpawn();
    const worker = task.takeWorker();
    if (!spawn) {
      worker?.release();
      await task.release();
      return result;
    }
    if (worker) {
      // Reserved before any state changed: starting the job cannot fail now.
      void worker.run(spawn.name, () => this.#runSpawned(task, spawn)).catch(() => undefined);
      return result;
    }
    try {
      void this.deps.pool
        .spawn(spawn.name, () => this.#runSpawned(task, spawn), { allowReserved: spawn.allowReserved })
        .catch(() => undefined);
    } catch (err) {
      if (err instanceof NoFreeConductorWorker && spawn.onSpawnError) {
        try {
          await spawn.onSpawnError(task, err);
        } catch (hookErr) {
          task.logger.error({ err: hookErr }, 'spawn error hook failed');
        }
      }
      await task.release();
      throw err;
    }
    return result;
  }

  async #runSpawned(task: ConductorTask, spawn: SpawnedWork): Promise<void> {
    this.#background.add(task);
    try {
      await spawn.work(task);
    } catch (err) {
      if (task.released) {
        task.logger.warn({ err, job: spawn.name }, 'background work ended after its lock was handed back');
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      task.logger.error({ err, job: spawn.name }, 'async execution failed');
      try {
        task.node.lastError = `Async execution of ${spawn.name} failed with error: ${message}`;
        await task.save();
      } catch (saveErr) {
        task.logger.error({ err: saveErr }, 'could not record the failure');
      }
    } finally {
      task.takeWorker()?.release();
      const next = task.takeSpawn();
      if (next && !task.released) {
        // Work chained another continuation (e.g. resume): run it inline, keeping the lock.
        await this.#runSpawned(task, next);
      } else {
        this.#background.delete(task);
        await task.release();
      }
    }
  }
}
