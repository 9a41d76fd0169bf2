/**
 * `@ferric/conductor`: the conductor runtime — registration and liveness, hash ring, node locks, one
 * bounded worker pool, periodic tasks, provisioning operations through the state machine, resume after
 * restart, RPC and node events — on an embedded SQLite database (kysely; PostgreSQL-ready).
 *
 * Embed it with {@link createConductor}. Write through {@link ConductorRpc}, read through {@link Inventory}.
 * @packageDocumentation
 */

export { Conductor, type ConductorDeps, type ConductorStatus, type StopOptions } from './conductor.js';
export {
  type ConductorConfig,
  type ConductorConfigInput,
  conductorConfigSchema,
  parseConductorConfig,
} from './config.js';
export {
  type ConductorClient,
  type CreateConductorClientOptions,
  type CreateConductorOptions,
  createConductor,
  createConductorClient,
  type EmbeddedConductor,
} from './create-conductor.js';
export {
  type AllocationFilters,
  AllocationNotFound,
  type AllocationSortKey,
} from './db/allocation-repository.js';
export { ChassisNotFound, type ChassisSortKey } from './db/chassis-repository.js';
export {
  type DatabaseOptions,
  type FerricDb,
  migrateToLatest,
  openDatabase,
  type PoolOptions,
  redactDatabaseUrl,
} from './db/connection.js';
export { DeployTemplateNotFound, type DeployTemplateSortKey } from './db/deploy-template-repository.js';
export { NodeInventoryNotFound, type NodeInventoryRecord } from './db/node-inventory-repository.js';
export {
  MAX_PAGE_LIMIT,
  type NodeFilters,
  type NodeLocation,
  type NodeSortKey,
  type PartialNodeRecord,
} from './db/node-repository.js';
export type { PortFilters, PortSortKey } from './db/port-repository.js';
export {
  type PortgroupFilters,
  PortgroupNotFound,
  type PortgroupSortKey,
} from './db/portgroup-repository.js';
export type { FerricDatabase } from './db/schema.js';
export {
  type VolumeConnectorFields,
  VolumeNotFound,
  type VolumeTargetFields,
} from './db/volume-repository.js';
export {
  ChassisNotEmpty,
  ConcurrentActionLimit,
  ConductorNotFound,
  ConductorNotRunning,
  DuplicateEntry,
  DuplicatePeriodicTask,
  InvalidConductorConfig,
  NodeInWrongState,
  NodeIsRetired,
  NodeProtected,
  NoValidHost,
  PeriodicTaskNotFound,
  PeriodicTaskRunning,
  PortgroupNotEmpty,
  PortNotFound,
  TaskReleased,
} from './errors.js';
export {
  type ConductorEventName,
  type ConductorEventPayload,
  ConductorEventStream,
  type ConductorEvents,
  type DriverCallEvent,
  type MaintenanceChangedEvent,
  type NodeErrorEvent,
  type NodeEventBase,
  type NodeLifecycleEvent,
  type NodeProgressEvent,
  type PeriodicEvent,
  type PeriodicRunEndedEvent,
  type PeriodicSkippedEvent,
  type PowerStateChangedEvent,
  type ProvisionStateChangedEvent,
} from './events.js';
export { HashRingManager, type HashRingManagerOptions, type RingNode, ringKey } from './hash-ring.js';
export { Inventory } from './inventory.js';
export type {
  AllocationRecord,
  AllocationState,
  ChassisFields,
  ChassisRecord,
  ConductorHardwareInterface,
  ConductorRecord,
  DeployTemplateFields,
  DeployTemplateRecord,
  DeployTemplateStep,
  NodeCreate,
  NodeHistoryRecord,
  NodeHistorySeverity,
  NodePatch,
  NodeRecord,
  Page,
  Pagination,
  PortCreate,
  PortgroupCreate,
  PortgroupPatch,
  PortgroupRecord,
  PortPatch,
  PortRecord,
  SortDir,
  VolumeConnectorRecord,
  VolumeTargetRecord,
} from './model.js';
export { CLEAN_FAILURE_FAULT } from './operations/cleaning.js';
export { SERVICE_FAILURE_FAULT } from './operations/servicing.js';
export { RESERVED_STEPS } from './operations/steps.js';
export {
  type PeriodicDefinition,
  type PeriodicRegistry,
  type PeriodicStats,
  PeriodicWorker,
  type PeriodicWorkerOptions,
} from './periodic-worker.js';
export { BUILT_IN_PERIODICS_SOURCE } from './periodics/built-in.js';
export {
  type BuiltInPeriodics,
  type ExplorePeriodicsOptions,
  explorePeriodics,
} from './periodics/explorer.js';
export { POWER_FAILURE_FAULT } from './periodics/power-sync.js';
export { ConductorRpcClient } from './rpc/client.js';
export type {
  AllocationCreate,
  ConductorRpc,
  InterfaceValidation,
  NodeConsole,
  NodeRequest,
  NodeWithToken,
  PassthruResult,
  ProvisionActionRequest,
  ProvisionVerb,
  RequestedStep,
  RpcArgs,
  RpcMethod,
  RpcRequest,
  RpcResult,
  RpcServerTransport,
  RpcTransport,
} from './rpc/contract.js';
export { defaultInProcessTransport, InProcessTransport } from './rpc/in-process.js';
export { AGENT_TOKEN_KEY } from './server/agent-token.js';
export { validateTargetRaidConfig } from './server/hardware.js';
export { type AcquireOptions, ConductorTask, TaskManager } from './task-manager.js';
export { assertValidTraits, invalidTraitMessage, isValidTrait, MAX_TRAITS_PER_NODE } from './traits.js';
export {
  type SpawnOptions,
  WorkerPool,
  type WorkerPoolOptions,
  type WorkerPoolStats,
} from './worker-pool.js';
