import { randomUUID } from 'node:crypto';
import { DuplicateEntry } from '../errors/catalog.js';
import { FerricError } from '../errors/ferric-error.js';
import { type Logger, silentLogger } from '../logger.js';
import { corePlugin } from '../registry/builtin-plugin.js';
import { DriverFactory } from '../registry/driver-factory.js';
import { DriverRegistry } from '../registry/driver-registry.js';
import type { FerricPlugin } from '../registry/plugin.js';
import { PROVISION_MACHINE } from '../states/provision-machine.js';
import { StateMachine } from '../states/state-machine.js';
import type { DriverInterfaces, NewPort, NodeData, PortData, ProcessEventOptions, Task } from '../task.js';

/** Options of {@link createTestTask}. @public */
export interface TestTaskOptions {
  /** Plugins to compose the driver from (core's built-ins are always included). */
  plugins?: readonly FerricPlugin[];
  /** A ready driver instead of composing one from `node.driver` and the node's interfaces. */
  driver?: DriverInterfaces;
  ports?: readonly Partial<PortData>[];
  shared?: boolean;
  logger?: Logger;
}

/** A {@link Task} backed by memory, with what it saved and the events it processed. @public */
export interface TestTask extends Task {
  /** How many times `save()` was called. */
  readonly saves: number;
  /** Every event processed, in order. */
  readonly events: readonly string[];
  /** Whether a driver called `notifyResume()`. */
  readonly resumeRequested: boolean;
}

/**
 * Build an in-memory {@link Task} so driver authors can unit-test interface
 * implementations without a conductor or database. The provision state machine
 * is real; `save()` only counts.
 * @public
 */
export function createTestTask(
  node: Partial<NodeData> & { driver?: string } = {},
  options: TestTaskOptions = {},
): TestTask {
  const uuid = node.uuid ?? randomUUID();
  const data: NodeData = {
    name: null,
    driver: 'fake-hardware',
    provisionState: 'enroll',
    targetProvisionState: null,
    powerState: null,
    targetPowerState: null,
    maintenance: false,
    maintenanceReason: null,
    fault: null,
    lastError: null,
    reservation: null,
    conductorGroup: '',
    resourceClass: null,
    driverInfo: {},
    driverInternalInfo: {},
    instanceInfo: {},
    properties: {},
    extra: {},
    cleanStep: null,
    deployStep: null,
    provisionUpdatedAt: null,
    createdAt: new Date(),
    updatedAt: null,
    bootInterface: null,
    deployInterface: null,
    managementInterface: null,
    networkInterface: null,
    powerInterface: null,
    biosInterface: null,
    consoleInterface: null,
    firmwareInterface: null,
    inspectInterface: null,
    raidInterface: null,
    rescueInterface: null,
    storageInterface: null,
    vendorInterface: null,
    ...node,
    uuid,
  };
  let driver = options.driver;
  if (!driver) {
    const registry = new DriverRegistry().use(corePlugin);
    for (const plugin of options.plugins ?? []) registry.use(plugin);
    driver = new DriverFactory(registry).buildDriver(data);
  }
  const ports: PortData[] = (options.ports ?? []).map((port, index) => ({
    uuid: randomUUID(),
    address: `52:54:00:00:00:${index.toString(16).padStart(2, '0')}`,
    nodeUuid: uuid,
    name: null,
    pxeEnabled: true,
    physicalNetwork: null,
    localLinkConnection: {},
    extra: {},
    internalInfo: {},
    ...port,
  }));
  let saves = 0;
  const events: string[] = [];
  let shared = options.shared ?? false;
  let resumeRequested = false;
  const task: TestTask = {
    node: data,
    ports,
    get shared() {
      return shared;
    },
    purpose: 'test',
    driver,
    logger: options.logger ?? silentLogger,
    requestId: null,
    get saves() {
      return saves;
    },
    events,
    async processEvent(event, opts: ProcessEventOptions = {}) {
      const fsm = new StateMachine(PROVISION_MACHINE, data.provisionState, data.targetProvisionState);
      fsm.processEvent(event, opts.targetState);
      data.provisionState = fsm.currentState;
      data.targetProvisionState = fsm.targetState;
      if (opts.lastError !== undefined) data.lastError = opts.lastError;
      data.provisionUpdatedAt = new Date();
      events.push(event);
      saves += 1;
    },
    async save() {
      if (shared) throw new FerricError('save() needs an exclusive lock; this test task is shared.');
      saves += 1;
    },
    async upgradeLock() {
      shared = false;
    },
    async touchProvisioning() {
      data.provisionUpdatedAt = new Date();
    },
    get resumeRequested() {
      return resumeRequested;
    },
    notifyResume() {
      resumeRequested = true;
    },
    async createPort(port: NewPort) {
      if (shared) throw new FerricError('createPort() needs an exclusive lock; this test task is shared.');
      const address = port.address.toLowerCase();
      if (ports.some((p) => p.address === address))
        throw new DuplicateEntry(`A port with MAC address ${address} already exists.`);
      const created: PortData = {
        uuid: randomUUID(),
        nodeUuid: uuid,
        name: port.name ?? null,
        pxeEnabled: port.pxeEnabled ?? true,
        physicalNetwork: port.physicalNetwork ?? null,
        localLinkConnection: port.localLinkConnection ?? {},
        extra: port.extra ?? {},
        internalInfo: {},
        address,
      };
      ports.push(created);
      return created;
    },
  };
  return task;
}
