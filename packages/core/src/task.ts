import type { Step } from './decorators/steps.js';
import type { BIOSInterface } from './interfaces/bios.js';
import type { BootInterface } from './interfaces/boot.js';
import type { ConsoleInterface } from './interfaces/console.js';
import type { DeployInterface } from './interfaces/deploy.js';
import type { FirmwareInterface } from './interfaces/firmware.js';
import type { InspectInterface } from './interfaces/inspect.js';
import type { InterfaceType } from './interfaces/interface-type.js';
import type { ManagementInterface } from './interfaces/management.js';
import type { NetworkInterface } from './interfaces/network.js';
import type { PowerInterface } from './interfaces/power.js';
import type { RAIDInterface } from './interfaces/raid.js';
import type { RescueInterface } from './interfaces/rescue.js';
import type { StorageInterface } from './interfaces/storage.js';
import type { VendorInterface } from './interfaces/vendor.js';
import type { Logger } from './logger.js';
import type { PowerStateValue, PowerTarget } from './states/power-states.js';
import type { ProvisionEventName, ProvisionStateName } from './states/provision-states.js';

/** Any JSON value. @public */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (`driver_info`, `properties`, `extra`…). @public */
export type JsonObject = { [key: string]: JsonValue };

/** The interface implementation names a node uses: `bootInterface`, `powerInterface`… @public */
export type NodeInterfaceFields = { [K in InterfaceType as `${K}Interface`]: string | null };

/**
 * A node as drivers see it. Mutate it inside an exclusive task and call
 * {@link Task.save} to persist.
 * @public
 */
export interface NodeData extends NodeInterfaceFields {
  readonly uuid: string;
  name: string | null;
  /** Hardware type name. */
  driver: string;
  provisionState: ProvisionStateName;
  targetProvisionState: ProvisionStateName | null;
  powerState: PowerStateValue;
  targetPowerState: PowerTarget | null;
  maintenance: boolean;
  maintenanceReason: string | null;
  /** Why the conductor put the node in maintenance (`power failure`, `clean failure`…). */
  fault: string | null;
  lastError: string | null;
  /** Host holding the exclusive lock, or null. */
  readonly reservation: string | null;
  conductorGroup: string;
  resourceClass: string | null;
  /** BMC address, credentials and driver options. */
  driverInfo: JsonObject;
  /** Driver-private state; never settable through the API. */
  driverInternalInfo: JsonObject;
  /** What to deploy (image, root_gb, configdrive…). */
  instanceInfo: JsonObject;
  /** Hardware properties (cpus, memory_mb, local_gb, cpu_arch, capabilities…). */
  properties: JsonObject;
  extra: JsonObject;
  /** The clean step running now, or null. */
  cleanStep: Step | null;
  /** The deploy step running now, or null. */
  deployStep: Step | null;
  /** Last time `provisionState` changed (timeouts key off it). */
  provisionUpdatedAt: Date | null;
  readonly createdAt: Date;
  updatedAt: Date | null;
}

/** A network port of a node. @public */
export interface PortData {
  readonly uuid: string;
  /** MAC address, lower-case, colon separated. */
  address: string;
  readonly nodeUuid: string;
  name: string | null;
  pxeEnabled: boolean;
  physicalNetwork: string | null;
  localLinkConnection: JsonObject;
  extra: JsonObject;
  internalInfo: JsonObject;
}

/** What a driver may give when it creates a port (inspection found a NIC). @public */
export interface NewPort {
  /** MAC address; stored lower-case. */
  address: string;
  pxeEnabled?: boolean;
  name?: string | null;
  physicalNetwork?: string | null;
  localLinkConnection?: JsonObject;
  extra?: JsonObject;
}

/** One implementation instance per interface type: a node's composed driver. @public */
export interface DriverInterfaces {
  boot: BootInterface;
  deploy: DeployInterface;
  management: ManagementInterface;
  network: NetworkInterface;
  power: PowerInterface;
  bios: BIOSInterface;
  console: ConsoleInterface;
  firmware: FirmwareInterface;
  inspect: InspectInterface;
  raid: RAIDInterface;
  rescue: RescueInterface;
  storage: StorageInterface;
  vendor: VendorInterface;
}

/** Compile-time check that {@link DriverInterfaces} covers every interface type. */
type _CoversAll = [Exclude<InterfaceType, keyof DriverInterfaces>] extends [never] ? true : never;
const _coversAll: _CoversAll = true;
void _coversAll;

/** Options of {@link Task.processEvent}. @public */
export interface ProcessEventOptions {
  /** Override the target state (manual cleaning aims at `manageable`). */
  targetState?: ProvisionStateName;
  /** Set (or clear with `null`) `last_error`. */
  lastError?: string | null;
}

/**
 * The unit of work a driver receives: one node, locked shared or exclusive, with
 * its composed driver. Core defines the contract; a runtime (the conductor)
 * implements it.
 * @public
 */
export interface Task {
  /** The node; mutate it only in an exclusive task, then {@link Task.save}. */
  readonly node: NodeData;
  /** The node's ports. */
  readonly ports: readonly PortData[];
  /** True when the task holds only a shared (read) lock. */
  readonly shared: boolean;
  /** Why the lock was taken (logs, `NodeLocked` messages). */
  readonly purpose: string;
  /** The node's composed driver. */
  readonly driver: DriverInterfaces;
  /** A logger bound to the node and request. */
  readonly logger: Logger;
  /** Request id of the API call that started this work, if any. */
  readonly requestId: string | null;
  /** Fire a provision state machine event and persist the resulting state. */
  processEvent(event: ProvisionEventName, options?: ProcessEventOptions): Promise<void>;
  /** Persist changes made to {@link Task.node}. */
  save(): Promise<void>;
  /** Upgrade a shared lock to an exclusive one (reloads the node). */
  upgradeLock(purpose?: string): Promise<void>;
  /** Bump `provisionUpdatedAt` so callback timeouts restart (a live agent checks in). */
  touchProvisioning(): Promise<void>;
  /**
   * Ask the runtime to continue the node's waiting deploy, clean or service steps once
   * this task has released its lock (Ironic's `notify_conductor_resume_*`). Call it when
   * asynchronous work — an agent command, a BMC task polled by a periodic — has finished.
   */
  notifyResume(): void;
  /**
   * Create a port for the node, e.g. for a NIC that inspection discovered (exclusive lock).
   * @throws `DuplicateEntry` when another port already has the MAC address.
   */
  createPort(port: NewPort): Promise<PortData>;
}
