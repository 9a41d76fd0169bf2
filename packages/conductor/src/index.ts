/**
 * `@ferric/conductor`: the conductor runtime — registration and liveness, hash ring, node locks, one
 * bounded worker pool, periodic tasks, provisioning operations through the state machine, resume after
 * restart, RPC and node events — on an embedded SQLite database (kysely; PostgreSQL-ready).
 *
 * Embed it with {@link createConductor}. Write through {@link ConductorRpc}, read through {@link Inventory}.
 * @packageDocumentation
 */
export { createConductor, type CreateConductorOptions, type EmbeddedConductor } from './create-conductor.js';
export {
  type ConductorConfig,
  type ConductorConfigInput,
  conductorConfigSchema,
  parseConductorConfig,
} from './config.js';
export { Conductor, type ConductorDeps, type ConductorStatus, type StopOptions } from './conductor.js';
export { type DatabaseOptions, type FerricDb, migrateToLatest, openDatabase } from './db/connection.js';
export type { FerricDatabase } from './db/schema.js';
export { type NodeFilters, type NodeSortKey, MAX_PAGE_LIMIT } from './db/node-repository.js';
export type { PortFilters, PortSortKey } from './db/port-repository.js';
export { Inventory } from './inventory.js';
export {
  type ConductorHardwareInterface,
  type ConductorRecord,
  type NodeCreate,
  type NodePatch,
  type NodeRecord,
  type Page,
  type Pagination,
  type PortCreate,
  type PortPatch,
  type PortRecord,
  type SortDir,
} from './model.js';
export { HashRingManager, type HashRingManagerOptions, type RingNode, ringKey } from './hash-ring.js';
export { type SpawnOptions, WorkerPool, type WorkerPoolOptions, type WorkerPoolStats } from './worker-pool.js';
export {
  type PeriodicDefinition,
  type PeriodicStats,
  PeriodicWorker,
  type PeriodicWorkerOptions,
} from './periodic-worker.js';
export { type AcquireOptions, ConductorTask, TaskManager } from './task-manager.js';
export { POWER_FAILURE_FAULT } from './periodics/power-sync.js';
export type {
  ConductorRpc,
  InterfaceValidation,
  NodeRequest,
  PassthruResult,
  ProvisionActionRequest,
  ProvisionVerb,
  RequestedStep,
  RpcArgs,
  RpcMethod,
  RpcRequest,
  RpcResult,
  RpcTransport,
} from './rpc/contract.js';
export { ConductorRpcClient } from './rpc/client.js';
export { defaultInProcessTransport, InProcessTransport } from './rpc/in-process.js';
export {
  ConductorEventStream,
  type ConductorEventName,
  type ConductorEvents,
  type MaintenanceChangedEvent,
  type NodeErrorEvent,
  type NodeEventBase,
  type NodeLifecycleEvent,
  type PowerStateChangedEvent,
  type ProvisionStateChangedEvent,
} from './events.js';
export {
  ConductorNotFound,
  ConductorNotRunning,
  DuplicateEntry,
  InvalidConductorConfig,
  NodeInWrongState,
  NoValidHost,
  PortNotFound,
  TaskReleased,
} from './errors.js';
