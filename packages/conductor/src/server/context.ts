import type { DriverFactory } from '@ferric/core';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../config.js';
import type { ConductorRepository } from '../db/conductor-repository.js';
import type { NodeRepository } from '../db/node-repository.js';
import type { PortRepository } from '../db/port-repository.js';
import { ConductorNotRunning } from '../errors.js';
import type { ConductorEventStream } from '../events.js';
import type { HashRingManager } from '../hash-ring.js';
import { ResumeQueue } from '../operations/resume-queue.js';
import type { OperationRuntime } from '../operations/runtime.js';
import type { RpcServerTransport } from '../rpc/contract.js';
import type { ConductorTask, TaskManager } from '../task-manager.js';
import type { WorkerPool } from '../worker-pool.js';

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
  transport: RpcServerTransport;
  version: string;
}

/** Lifecycle state of a conductor. */
export type ConductorStatus = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Options of {@link ServerContext.spawn}. */
export interface SpawnOperationOptions {
  /** Wait for the lock as long as it takes (agent callbacks, which must not be lost). */
  patient?: boolean;
  /**
   * Checks run under the lock before a worker is reserved (state machine, limits): their refusals win
   * over "no free worker", and they must not change the node.
   */
  check?: (task: ConductorTask) => Promise<void> | void;
}

/**
 * What the RPC handlers share: the conductor's parts, its running state and the "accept, then spawn"
 * pattern of long operations. Handlers are plain functions over this context, so the `Conductor` class
 * stays a thin lifecycle + dispatch shell.
 * @internal
 */
export class ServerContext implements OperationRuntime {
  /** Interrupted work waiting for a free worker. */
  readonly resumes: ResumeQueue;

  constructor(
    readonly deps: ConductorDeps,
    private readonly status: () => ConductorStatus,
  ) {
    this.resumes = new ResumeQueue({
      runtime: this,
      pool: deps.pool,
      tasks: deps.tasks,
      logger: deps.logger,
    });
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

  /** @throws ConductorNotRunning unless the conductor is running. */
  assertRunning(): void {
    const status = this.status();
    if (status !== 'running') throw new ConductorNotRunning(`Conductor ${this.host} is ${status}.`);
  }

  /**
   * Long operation, Ironic style: under the node's exclusive lock, `accept` validates and moves the
   * state machine; then `work` runs on the pool with the lock handed over. The RPC returns once
   * accepted. A worker is reserved before `accept` runs (so concurrent requests cannot both pass a
   * capacity check), and released if `accept` throws: a refused request leaves the node untouched.
   * @throws NoFreeConductorWorker, NodeLocked, or whatever `accept` throws.
   */
  async spawn(
    node: string,
    requestId: string | undefined,
    purpose: string,
    accept: (task: ConductorTask) => Promise<void>,
    work: (task: ConductorTask) => Promise<void>,
    options: SpawnOperationOptions = {},
  ): Promise<void> {
    this.assertRunning();
    await this.deps.tasks.run(
      node,
      { purpose, requestId: requestId ?? null, ...(options.patient ? { patient: true } : {}) },
      async (task) => {
        await options.check?.(task);
        task.reserveWorker();
        await accept(task);
        task.spawnAfter(purpose, work);
      },
    );
  }
}
