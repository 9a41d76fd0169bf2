import type {
  BootDeviceInfo,
  BootDeviceName,
  BootModeName,
  ConsoleInfo,
  HeartbeatArgs,
  HttpMethod,
  IndicatorState,
  InterfaceType,
  JsonObject,
  PassthruRoute,
  PowerStateValue,
  PowerTarget,
  Step,
  VifInfo,
  VirtualMediaDevice,
  VirtualMediaInfo,
} from '@ferric/core';
import type { VolumeConnectorFields, VolumeTargetFields } from '../db/volume-repository.js';
import type {
  AllocationRecord,
  ChassisFields,
  ChassisRecord,
  DeployTemplateFields,
  DeployTemplateRecord,
  DeployTemplateStep,
  NodeCreate,
  NodePatch,
  NodeRecord,
  PortCreate,
  PortgroupCreate,
  PortgroupPatch,
  PortgroupRecord,
  PortPatch,
  PortRecord,
  VolumeConnectorRecord,
  VolumeTargetRecord,
} from '../model.js';
import type { PeriodicStats } from '../periodic-worker.js';

/** Fields every RPC request may carry. */
export interface RpcRequest {
  /** Request id of the originating API call (logged with every line, carried in events). */
  requestId?: string;
}

/** A request about one node (`node` = UUID or name). */
export interface NodeRequest extends RpcRequest {
  node: string;
}

/** A user-requested step (`interface.step` with optional args; priority for deploy templates). */
export interface RequestedStep {
  interface: InterfaceType;
  step: string;
  args?: Record<string, unknown>;
  priority?: number;
}

/** Per-interface outcome of {@link ConductorRpc.validateDriverInterfaces}. */
export interface InterfaceValidation {
  result: boolean;
  reason: string | null;
}

/** Provision verbs accepted by {@link ConductorRpc.doProvisioningAction} (Ironic's `PUT /states/provision`). */
export type ProvisionVerb =
  | 'manage'
  | 'provide'
  | 'inspect'
  | 'clean'
  | 'active'
  | 'deploy'
  | 'rebuild'
  | 'deleted'
  | 'undeploy'
  | 'rescue'
  | 'unrescue'
  | 'abort'
  | 'adopt'
  | 'unhold'
  | 'service';

/** Arguments of a provisioning action. */
export interface ProvisionActionRequest extends NodeRequest {
  verb: ProvisionVerb;
  /** Config drive for deploy/rebuild (string or Ironic's dict form). */
  configdrive?: string | Record<string, unknown>;
  /** Steps for manual cleaning (required for `clean`). */
  cleanSteps?: RequestedStep[];
  /** Extra/overriding deploy steps for deploy/rebuild. */
  deploySteps?: RequestedStep[];
  /** Rescue password for `rescue`. */
  rescuePassword?: string;
  /** Steps for `service` (required, run in the given order on an `active` node). */
  serviceSteps?: RequestedStep[];
  /** Manual cleaning without booting the ramdisk: only out-of-band steps (API 1.70). */
  disableRamdisk?: boolean;
}

/** Result of a synchronous vendor passthru call. */
export interface PassthruResult {
  /** `true` when the method runs asynchronously (HTTP 202); `return` is then undefined. */
  async: boolean;
  /** Return value of a synchronous method. */
  return?: unknown;
  /** Whether the return value should be sent as an attachment. */
  attach: boolean;
}

/**
 * Everything the API (or any caller) may ask a conductor to do. Long operations return once they are
 * accepted — lock taken, state changed, work spawned — like Ironic's RPC `cast`-style calls; the caller
 * polls the node (read side: {@link Inventory}) for the outcome.
 *
 * Reads of nodes, ports and conductors do not go through RPC: they use the read-only {@link Inventory}
 * over the same database, as Ironic's API reads its DB directly. Writes always go through RPC so the
 * owning conductor validates them and takes the lock.
 *
 * Errors are `@ferric/core` typed errors (`NodeLocked` → 409, `NoFreeConductorWorker` → 503,
 * `InvalidState` → 400, `NodeNotFound` → 404 …) carrying `code` and `httpStatus`.
 */
export interface ConductorRpc {
  // --- inventory writes ---
  /** Creates a node (interfaces validated and defaulted; starts in `enroll`). */
  createNode(req: RpcRequest & { node: NodeCreate }): Promise<NodeRecord>;
  /** Updates node fields (driver/interfaces revalidated; state fields are not writable). */
  updateNode(req: NodeRequest & { patch: NodePatch }): Promise<NodeRecord>;
  /** Deletes a node in `enroll`, `manageable`, `available` or `adopt failed` (or in maintenance). */
  deleteNode(req: NodeRequest): Promise<void>;
  /** Creates a port (MAC unique). */
  createPort(req: RpcRequest & { port: PortCreate }): Promise<PortRecord>;
  /** Updates a port. */
  updatePort(req: RpcRequest & { port: string; patch: PortPatch }): Promise<PortRecord>;
  /** Deletes a port. */
  deletePort(req: RpcRequest & { port: string }): Promise<void>;

  // --- validation & provisioning ---
  /** Validates every interface of a node (`GET /nodes/{id}/validate`). */
  validateDriverInterfaces(req: NodeRequest): Promise<Record<InterfaceType, InterfaceValidation>>;
  /** Runs a provision verb; returns once accepted. */
  doProvisioningAction(req: ProvisionActionRequest): Promise<void>;
  /** Resumes a deploy waiting in `wait call-back` (agent/driver callback). */
  continueNodeDeploy(req: NodeRequest): Promise<void>;
  /** Resumes cleaning waiting in `clean wait` (agent/driver callback). */
  continueNodeClean(req: NodeRequest): Promise<void>;
  /** Resumes servicing waiting in `service wait` (agent/driver callback). */
  continueNodeService(req: NodeRequest): Promise<void>;
  /**
   * In-band inspection data for a node in `inspect wait` (Ironic `continue_inspection`): processed by
   * the inspect interface, then the node is `manageable`. Returns once accepted.
   */
  continueInspection(
    req: NodeRequest & { inventory: Record<string, unknown>; pluginData?: Record<string, unknown> },
  ): Promise<void>;
  /** Agent heartbeat: forwarded to the deploy interface; keeps `*wait` timeouts away. */
  heartbeat(req: NodeRequest & HeartbeatArgs): Promise<void>;

  // --- power & management ---
  /** Starts a power action (`power on`, `power off`, `rebooting`, soft variants); returns once accepted. */
  changeNodePowerState(req: NodeRequest & { target: PowerTarget; timeout?: number }): Promise<void>;
  /** Reads the power state from the BMC (shared lock) and returns it. */
  getNodePowerState(req: NodeRequest): Promise<PowerStateValue>;
  /** Sets the boot device (synchronous). */
  setBootDevice(req: NodeRequest & { device: BootDeviceName; persistent?: boolean }): Promise<void>;
  /** Reads the boot device. */
  getBootDevice(req: NodeRequest): Promise<BootDeviceInfo>;
  /** Boot devices the node supports. */
  getSupportedBootDevices(req: NodeRequest): Promise<BootDeviceName[]>;
  /** Maintenance on (`reason` optional) or off (also clears `fault`). */
  setMaintenance(req: NodeRequest & { maintenance: boolean; reason?: string | null }): Promise<NodeRecord>;

  // --- vendor passthru ---
  /** Node vendor methods. */
  getNodeVendorPassthruMethods(
    req: NodeRequest,
  ): Promise<Record<string, Omit<PassthruRoute, 'functionName'>>>;
  /** Calls a node vendor method (async methods return `{ async: true }` once spawned). */
  vendorPassthru(
    req: NodeRequest & { method: string; httpMethod: HttpMethod; args?: Record<string, unknown> },
  ): Promise<PassthruResult>;
  /** Driver vendor methods (of the hardware type's default vendor interface). */
  getDriverVendorPassthruMethods(
    req: RpcRequest & { driver: string },
  ): Promise<Record<string, Omit<PassthruRoute, 'functionName'>>>;
  /** Calls a driver vendor method. */
  driverVendorPassthru(
    req: RpcRequest & {
      driver: string;
      method: string;
      httpMethod: HttpMethod;
      args?: Record<string, unknown>;
    },
  ): Promise<PassthruResult>;

  // --- steps & drivers ---
  /** Clean steps the node's driver offers (for manual cleaning UIs). */
  getCleanSteps(req: NodeRequest): Promise<Step[]>;

  // --- port groups (API 1.23) ---
  /** Creates a port group on a node (`mode` defaults to `active-backup`). */
  createPortgroup(
    req: RpcRequest & { portgroup: Omit<PortgroupCreate, 'mode'> & { mode?: string } },
  ): Promise<PortgroupRecord>;
  /** Updates a port group (uuid or name). */
  updatePortgroup(req: RpcRequest & { portgroup: string; patch: PortgroupPatch }): Promise<PortgroupRecord>;
  /** Deletes a port group without ports. @throws PortgroupNotEmpty */
  deletePortgroup(req: RpcRequest & { portgroup: string }): Promise<void>;

  // --- deploy templates (API 1.55) ---
  /** Creates a deploy template (name = a valid trait; ≥1 step). */
  createDeployTemplate(
    req: RpcRequest & {
      template: DeployTemplateFields & { name: string; steps: DeployTemplateStep[]; uuid?: string };
    },
  ): Promise<DeployTemplateRecord>;
  /** Updates a deploy template (uuid or name). */
  updateDeployTemplate(
    req: RpcRequest & { template: string; patch: DeployTemplateFields },
  ): Promise<DeployTemplateRecord>;
  /** Deletes a deploy template. */
  deleteDeployTemplate(req: RpcRequest & { template: string }): Promise<void>;

  // --- allocations (API 1.52) ---
  /**
   * Creates an allocation and processes it: returns it `active` with the node picked, or in `error`
   * with `lastError`. With `node` (1.58 backfill) it binds that node.
   */
  createAllocation(req: RpcRequest & { allocation: AllocationCreate }): Promise<AllocationRecord>;
  /** Renames an allocation or changes its extra (1.57). */
  updateAllocation(
    req: RpcRequest & { allocation: string; patch: { name?: string | null; extra?: JsonObject } },
  ): Promise<AllocationRecord>;
  /** Deletes an allocation and releases its node. */
  deleteAllocation(req: RpcRequest & { allocation: string }): Promise<void>;

  // --- volume connectors and targets (API 1.32) ---
  /** Creates a volume connector of a node (`type` + `connectorId` unique). */
  createVolumeConnector(
    req: RpcRequest & {
      connector: VolumeConnectorFields & {
        nodeUuid: string;
        type: string;
        connectorId: string;
        uuid?: string;
      };
    },
  ): Promise<VolumeConnectorRecord>;
  /** Updates a volume connector (node powered off). */
  updateVolumeConnector(
    req: RpcRequest & { connector: string; patch: VolumeConnectorFields },
  ): Promise<VolumeConnectorRecord>;
  /** Deletes a volume connector (node powered off). */
  deleteVolumeConnector(req: RpcRequest & { connector: string }): Promise<void>;
  /** Creates a volume target of a node (`bootIndex` unique per node). */
  createVolumeTarget(
    req: RpcRequest & {
      target: VolumeTargetFields & {
        nodeUuid: string;
        volumeType: string;
        bootIndex: number;
        volumeId: string;
        uuid?: string;
      };
    },
  ): Promise<VolumeTargetRecord>;
  /** Updates a volume target (node powered off). */
  updateVolumeTarget(
    req: RpcRequest & { target: string; patch: VolumeTargetFields },
  ): Promise<VolumeTargetRecord>;
  /** Deletes a volume target (node powered off). */
  deleteVolumeTarget(req: RpcRequest & { target: string }): Promise<void>;

  // --- chassis ---
  /** Creates a chassis (any live conductor serves it). */
  createChassis(req: RpcRequest & { chassis: ChassisFields & { uuid?: string } }): Promise<ChassisRecord>;
  /** Updates a chassis' description and extra. */
  updateChassis(req: RpcRequest & { chassis: string; patch: ChassisFields }): Promise<ChassisRecord>;
  /** Deletes a chassis without nodes. @throws ChassisNotEmpty */
  deleteChassis(req: RpcRequest & { chassis: string }): Promise<void>;

  // --- traits (API 1.37) ---
  /**
   * Adds traits (validated as Ironic: `CUSTOM_…` or standard upper-case names, ≤255 chars, ≤50 per
   * node), or replaces them all when `replace`. @returns the node's traits afterwards.
   */
  addNodeTraits(req: NodeRequest & { traits: string[]; replace?: boolean }): Promise<string[]>;
  /** Removes the given traits (all when omitted). @throws NotFound for a trait the node lacks. */
  removeNodeTraits(req: NodeRequest & { traits?: string[] }): Promise<string[]>;

  // --- agent (API 1.62) ---
  /**
   * Ironic's `get_node_with_token`: the node for an agent lookup, issuing the one-time agent token
   * when none was issued yet. `token` is the new token, or `null` when one had already been issued.
   */
  getNodeWithToken(req: NodeRequest): Promise<NodeWithToken>;

  // --- console & RAID ---
  /** Starts or stops the console through the console interface and records `consoleEnabled`. */
  setConsoleMode(req: NodeRequest & { enabled: boolean }): Promise<void>;
  /** Console connection details (`null` while the console is disabled). */
  getConsoleInformation(req: NodeRequest): Promise<NodeConsole>;
  /** Validates and stores `targetRaidConfig` (`{}` clears it) for the next cleaning. */
  setTargetRaidConfig(req: NodeRequest & { targetRaidConfig: JsonObject }): Promise<void>;

  // --- boot mode (API 1.76) ---
  /** Changes the boot mode through the management interface and records `bootMode`. */
  setBootMode(req: NodeRequest & { mode: BootModeName }): Promise<void>;
  /** Turns UEFI secure boot on or off and records `secureBoot`. */
  setSecureBootState(req: NodeRequest & { enabled: boolean }): Promise<void>;

  // --- management extras ---
  /** Injects a non-maskable interrupt (API 1.29). */
  injectNmi(req: NodeRequest): Promise<void>;
  /** Indicators per component and the states each accepts (API 1.63). */
  getSupportedIndicators(req: NodeRequest): Promise<Record<string, Record<string, IndicatorState[]>>>;
  /** Reads one indicator. */
  getIndicatorState(req: NodeRequest & { component: string; indicator: string }): Promise<IndicatorState>;
  /** Sets one indicator. */
  setIndicatorState(
    req: NodeRequest & { component: string; indicator: string; state: IndicatorState },
  ): Promise<void>;

  // --- virtual media (API 1.89, 1.93) ---
  /** Virtual media devices as the management interface reports them (Ironic's driver dictionaries). */
  getVirtualMedia(req: NodeRequest): Promise<VirtualMediaInfo[]>;
  /**
   * Inserts an image as virtual media. Accepted once validated; the attachment runs in the background
   * and a failure lands in `last_error` (as in Ironic).
   */
  attachVirtualMedia(
    req: NodeRequest & { deviceType: VirtualMediaDevice; imageUrl: string; imageDownloadSource?: string },
  ): Promise<void>;
  /** Ejects virtual media (every device when `deviceTypes` is absent); in the background like attach. */
  detachVirtualMedia(req: NodeRequest & { deviceTypes?: VirtualMediaDevice[] }): Promise<void>;

  // --- VIFs (API 1.28) ---
  /** VIFs attached through the network interface. */
  vifList(req: NodeRequest): Promise<VifInfo[]>;
  /** Attaches a VIF (`id` required). */
  vifAttach(req: NodeRequest & { vif: VifInfo }): Promise<void>;
  /** Detaches a VIF. */
  vifDetach(req: NodeRequest & { vifId: string }): Promise<void>;

  // --- periodic tasks (Ferric extension) ---
  /**
   * Statistics of every periodic task of the conductor `host` (delivered to that conductor, not
   * routed by node): what `GET /v1/ferric/conductors/{hostname}/periodics` shows.
   */
  listConductorPeriodics(req: RpcRequest & { host: string }): Promise<PeriodicStats[]>;
}

/** Arguments of {@link ConductorRpc.createAllocation}. */
export interface AllocationCreate {
  uuid?: string;
  name?: string | null;
  /** Required unless `node` is given (then the node's). */
  resourceClass?: string;
  traits?: string[];
  /** Node uuids or names to choose from. */
  candidateNodes?: string[];
  owner?: string | null;
  extra?: JsonObject;
  /** Backfill (1.58): the node (uuid or name) to bind. */
  node?: string;
}

/** Result of {@link ConductorRpc.getNodeWithToken}. */
export interface NodeWithToken {
  node: NodeRecord;
  /** The token issued by this call, or `null` when the node already had one. */
  token: string | null;
}

/** Result of {@link ConductorRpc.getConsoleInformation}. */
export interface NodeConsole {
  enabled: boolean;
  info: ConsoleInfo | null;
}

/** Name of a {@link ConductorRpc} method. */
export type RpcMethod = keyof ConductorRpc;

/** The single argument of an RPC method. */
export type RpcArgs<M extends RpcMethod> = Parameters<ConductorRpc[M]>[0];

/** The resolved result of an RPC method. */
export type RpcResult<M extends RpcMethod> = Awaited<ReturnType<ConductorRpc[M]>>;

/** Delivers a call to the conductor `host` (in-process, JSON-RPC over HTTP or AMQP). */
export interface RpcTransport {
  call<M extends RpcMethod>(host: string, method: M, args: RpcArgs<M>): Promise<RpcResult<M>>;
}

/**
 * A transport conductors also serve on: `register` makes a running conductor reachable as `host`
 * (called once it has registered in the database), `unregister` when it stops. Network transports
 * start listening/consuming in the background; failures are theirs to log and retry.
 */
export interface RpcServerTransport extends RpcTransport {
  /** Makes `server` reachable as `host`. */
  register(host: string, server: ConductorRpc): void;
  /** Stops serving `host` (only if it is still `server`, when given). */
  unregister(host: string, server?: ConductorRpc): void;
}
