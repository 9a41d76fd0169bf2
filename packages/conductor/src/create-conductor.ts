import 'reflect-metadata';
import {
  corePlugin,
  DriverFactory,
  DriverRegistry,
  type FerricPlugin,
  loadPlugin,
  ProvisionState,
  type ServiceScope,
} from '@ferric/core';
import pino, { type Logger } from 'pino';
import { type DependencyContainer, inject, injectable, container as rootContainer } from 'tsyringe';
import { Conductor, type ConductorStatus, type StopOptions } from './conductor.js';
import { type ConductorConfig, type ConductorConfigInput, parseConductorConfig } from './config.js';
import { ConductorRepository } from './db/conductor-repository.js';
import { type DatabaseOptions, type FerricDb, openDatabase } from './db/connection.js';
import { NodeRepository } from './db/node-repository.js';
import { PortRepository } from './db/port-repository.js';
import { ConductorEventStream } from './events.js';
import { HashRingManager } from './hash-ring.js';
import { Inventory } from './inventory.js';
import type { PeriodicRegistry, PeriodicStats } from './periodic-worker.js';
import { ConductorRpcClient } from './rpc/client.js';
import type { ConductorRpc, RpcServerTransport, RpcTransport } from './rpc/contract.js';
import { defaultInProcessTransport } from './rpc/in-process.js';
import { TaskManager, type TaskManagerDeps } from './task-manager.js';
import { WorkerPool, type WorkerPoolStats } from './worker-pool.js';

/** What a conductor builds its drivers from, per run. */
interface LoadedDrivers {
  readonly registry: DriverRegistry;
  readonly services: ServiceScope;
  readonly drivers: DriverFactory;
}

/** Package version written into the conductor row. */
const VERSION = '0.1.0';

/** Options of {@link createConductor}. */
export interface CreateConductorOptions {
  /** The database: `{ sqlite: '/var/lib/ferric/ferric.sqlite' }`, or an already open {@link FerricDb}. */
  database: DatabaseOptions | FerricDb;
  /**
   * Driver plugins (out-of-tree hardware types/interfaces); core's fake and no-op drivers are always
   * loaded. A string is a module specifier (`'@acme/ferric-driver'`) whose default export is the
   * plugin, imported by `start()` — whose configuration is then validated there rather than here.
   */
  plugins?: readonly (FerricPlugin | string)[];
  /**
   * The plugins' configuration, one section per plugin id (`{ boot: { dataDir }, agent: { apiUrl } }`):
   * each plugin's `register` gets its own section, validated by its `configSchema` now.
   */
  pluginConfig?: Readonly<Record<string, unknown>>;
  /** Conductor configuration; validated immediately, see {@link ConductorConfigInput}. */
  config?: ConductorConfigInput;
  /** A pino logger (default: pino at `info`). BMC credentials are redacted. */
  logger?: Logger;
  /**
   * RPC transport to serve on and call peers through (default: the process-wide in-process
   * transport); `@ferric/rpc-transports` has JSON-RPC over HTTP and AMQP.
   */
  transport?: RpcServerTransport;
  /**
   * Address recorded in this conductor's registration for peers to reach it (JSON-RPC:
   * `http://10.0.0.5:8089`); leave unset for in-process and queue transports.
   */
  rpcAddress?: string;
}

/** A conductor embedded in an integrator's process. */
export interface EmbeddedConductor {
  /** Validated configuration. */
  readonly config: ConductorConfig;
  /** This conductor's host name. */
  readonly host: string;
  /** Lifecycle state. */
  readonly status: ConductorStatus;
  /** Node event stream (provision/power state, maintenance, errors, create/delete). */
  readonly events: ConductorEventStream;
  /** Opens and migrates the database, registers, starts keepalive and periodics, resumes work. */
  start(): Promise<void>;
  /**
   * Stop (see {@link StopOptions}), then run the plugins' `onShutdown` hooks and dispose of the
   * services they provided (BMC sessions, settings); closes the database if it was opened here.
   * `start()` again builds the drivers afresh.
   */
  stop(options?: StopOptions): Promise<void>;
  /** RPC client routed by the hash ring (available after `start`). */
  readonly rpc: ConductorRpc;
  /** Read-only inventory of nodes, ports and conductors (available after `start`). */
  readonly inventory: Inventory;
  /** Periodic task statistics (`periodics.list()`; empty before `start`). */
  listPeriodics(): PeriodicStats[];
  /** Occupancy of the worker pool and refusals so far (`null` before `start`). */
  workerPoolStats(): WorkerPoolStats | null;
  /** The periodic tasks: list, pause, resume and trigger by id (available after `start`). */
  readonly periodics: PeriodicRegistry;
  /** The hash ring manager (placement queries). */
  readonly ring: HashRingManager;
  /** The RPC address `host` registered (see {@link CreateConductorOptions.rpcAddress}). */
  rpcAddressOf(host: string): Promise<string | null>;
}

const TOKENS = {
  config: Symbol('ferric.conductor.config'),
  logger: Symbol('ferric.conductor.logger'),
  db: Symbol('ferric.conductor.db'),
  drivers: Symbol('ferric.conductor.drivers'),
  services: Symbol('ferric.conductor.services'),
  events: Symbol('ferric.conductor.events'),
  transport: Symbol('ferric.conductor.transport'),
  nodes: Symbol('ferric.conductor.nodes'),
  ports: Symbol('ferric.conductor.ports'),
  conductors: Symbol('ferric.conductor.conductors'),
  ring: Symbol('ferric.conductor.ring'),
  pool: Symbol('ferric.conductor.pool'),
  tasks: Symbol('ferric.conductor.tasks'),
} as const;

/** Builds the conductor service from container-provided parts (explicit tokens, no emitted metadata). */
@injectable()
class ConductorAssembly {
  constructor(
    @inject(TOKENS.config) readonly config: ConductorConfig,
    @inject(TOKENS.logger) readonly logger: Logger,
    @inject(TOKENS.nodes) readonly nodes: NodeRepository,
    @inject(TOKENS.ports) readonly ports: PortRepository,
    @inject(TOKENS.conductors) readonly conductors: ConductorRepository,
    @inject(TOKENS.drivers) readonly drivers: DriverFactory,
    @inject(TOKENS.ring) readonly ring: HashRingManager,
    @inject(TOKENS.pool) readonly pool: WorkerPool,
    @inject(TOKENS.tasks) readonly tasks: TaskManager,
    @inject(TOKENS.events) readonly events: ConductorEventStream,
    @inject(TOKENS.transport) readonly transport: RpcServerTransport,
  ) {}

  build(): Conductor {
    return new Conductor({ ...this, version: VERSION });
  }
}

function wire(
  c: DependencyContainer,
  db: FerricDb,
  resume: TaskManagerDeps['resume'],
  rpcAddress: string | null,
): void {
  const cfg = () => c.resolve<ConductorConfig>(TOKENS.config);
  c.register(TOKENS.db, { useValue: db });
  c.register(TOKENS.nodes, { useValue: new NodeRepository(db.db) });
  c.register(TOKENS.ports, { useValue: new PortRepository(db.db) });
  c.register(TOKENS.conductors, { useValue: new ConductorRepository(db.db, rpcAddress) });
  c.register(TOKENS.ring, {
    useValue: new HashRingManager(c.resolve(TOKENS.conductors), {
      heartbeatTimeout: cfg().heartbeatTimeout,
      resetInterval: cfg().hashRingResetInterval,
    }),
  });
  c.register(TOKENS.pool, {
    useValue: new WorkerPool({
      size: cfg().workersPoolSize,
      reservedPercentage: cfg().reservedWorkersPoolPercentage,
      logger: c.resolve(TOKENS.logger),
    }),
  });
  c.register(TOKENS.tasks, {
    useValue: new TaskManager({
      host: cfg().host,
      nodes: c.resolve(TOKENS.nodes),
      ports: c.resolve(TOKENS.ports),
      drivers: c.resolve(TOKENS.drivers),
      pool: c.resolve(TOKENS.pool),
      events: c.resolve(TOKENS.events),
      logger: c.resolve(TOKENS.logger),
      lockRetryAttempts: cfg().nodeLockedRetryAttempts,
      lockRetryInterval: cfg().nodeLockedRetryInterval,
      resume,
    }),
  });
}

/**
 * Creates an embeddable conductor: validates `config` now (throwing `InvalidConductorConfig` with every
 * problem), loads core's drivers plus `plugins` with their `pluginConfig` sections (throwing
 * `PluginConfigError`), and returns a handle whose `start()` opens/migrates
 * the database and joins the cluster.
 *
 * @example
 * ```ts
 * const conductor = createConductor({ database: { sqlite: './ferric.sqlite' }, plugins: [myPlugin] });
 * await conductor.start();
 * await conductor.rpc.createNode({ node: { driver: 'fake-hardware', name: 'n1' } });
 * ```
 */
export function createConductor(options: CreateConductorOptions): EmbeddedConductor {
  const config = parseConductorConfig(options.config ?? {});
  const logger = (
    options.logger ??
    pino({
      name: 'ferric-conductor',
      redact: {
        paths: ['driverInfo', '*.driverInfo', 'driver_info', '*.driver_info', '*.password', 'password'],
        censor: '[redacted]',
      },
    })
  ).child({ host: config.host });
  const events = new ConductorEventStream();
  const transport = options.transport ?? defaultInProcessTransport;

  // One registry, service scope and driver factory per run of this conductor: plugins register
  // with this conductor's settings, and stop() releases what they built.
  const specified = options.plugins ?? [];
  // Imported plugins are known only once start() has imported the specifiers (this function is synchronous).
  let plugins = specified.every((p): p is FerricPlugin => typeof p !== 'string') ? specified : undefined;
  const loadDrivers = (ready: readonly FerricPlugin[]): LoadedDrivers => {
    const registry = new DriverRegistry({ config: options.pluginConfig ?? {}, logger }).use(corePlugin);
    for (const plugin of ready) registry.use(plugin);
    const services = registry.createScope();
    return {
      registry,
      services,
      drivers: new DriverFactory(registry, config, { resolve: services.resolve }),
    };
  };
  let loaded: LoadedDrivers | undefined = plugins ? loadDrivers(plugins) : undefined; // validates plugin configuration now

  let db: FerricDb | undefined;
  let ownsDb = false;
  let conductor: Conductor | undefined;
  let lastStatus: ConductorStatus = 'created';
  let conductors: ConductorRepository | undefined;
  let rpc: ConductorRpcClient | undefined;
  let inventory: Inventory | undefined;
  let ring: HashRingManager | undefined;
  // A driver's notifyResume(): cast the matching continue* to the node's owner, as Ironic's
  // notify_conductor_resume_* does; failures are logged, the callback timeout is the safety net.
  const resumeWaitingNode: TaskManagerDeps['resume'] = (node, state, requestId) => {
    const req = { node, ...(requestId ? { requestId } : {}) };
    const call =
      state === ProvisionState.DEPLOYWAIT
        ? rpc?.continueNodeDeploy(req)
        : state === ProvisionState.CLEANWAIT
          ? rpc?.continueNodeClean(req)
          : state === ProvisionState.SERVICEWAIT
            ? rpc?.continueNodeService(req)
            : undefined;
    if (!call) {
      logger.warn({ node, state }, 'resume requested, but the node is not waiting for a callback');
      return;
    }
    call.catch((err: unknown) => logger.error({ err, node }, 'resuming the node failed'));
  };
  let pool: WorkerPool | undefined;
  const notStarted = (what: string): never => {
    throw new Error(`Call start() before using ${what}.`);
  };
  const assemble = (database: FerricDb, parts: LoadedDrivers): Conductor => {
    const c = rootContainer.createChildContainer();
    c.register(TOKENS.config, { useValue: config });
    c.register(TOKENS.logger, { useValue: logger });
    c.register(TOKENS.drivers, { useValue: parts.drivers });
    c.register(TOKENS.services, { useValue: parts.services });
    c.register(TOKENS.events, { useValue: events });
    c.register(TOKENS.transport, { useValue: transport });
    wire(c, database, resumeWaitingNode, options.rpcAddress ?? null);
    ring = c.resolve<HashRingManager>(TOKENS.ring);
    pool = c.resolve<WorkerPool>(TOKENS.pool);
    conductors = c.resolve<ConductorRepository>(TOKENS.conductors);
    rpc = new ConductorRpcClient(transport, ring, c.resolve(TOKENS.nodes), c.resolve(TOKENS.ports));
    inventory = new Inventory(
      c.resolve(TOKENS.nodes),
      c.resolve(TOKENS.ports),
      conductors,
      ring,
      config.heartbeatTimeout,
    );
    return c.resolve(ConductorAssembly).build();
  };
  const release = async (parts: LoadedDrivers): Promise<void> => {
    for (const step of [() => parts.registry.shutdown(), () => parts.services.dispose()]) {
      try {
        await step();
      } catch (err) {
        logger.error({ err }, 'releasing plugin resources failed');
      }
    }
  };

  return {
    config,
    host: config.host,
    events,
    get status() {
      return conductor?.status ?? lastStatus;
    },
    async start() {
      if (!conductor) {
        if (!db) {
          if ('db' in options.database) db = options.database;
          else {
            db = await openDatabase(options.database, logger);
            ownsDb = true;
          }
        }
        plugins ??= await Promise.all(specified.map((p) => (typeof p === 'string' ? loadPlugin(p) : p)));
        loaded ??= loadDrivers(plugins);
        conductor = assemble(db, loaded);
      }
      await conductor.start();
    },
    async stop(stopOptions?: StopOptions) {
      if (!conductor) return;
      await conductor.stop(stopOptions);
      lastStatus = conductor.status;
      conductor = undefined;
      if (loaded) await release(loaded);
      loaded = undefined;
      if (ownsDb && db) {
        await db.close();
        db = undefined;
      }
    },
    get rpc() {
      return rpc ?? notStarted('rpc');
    },
    get inventory() {
      return inventory ?? notStarted('inventory');
    },
    get ring() {
      return ring ?? notStarted('ring');
    },
    listPeriodics() {
      return conductor?.listPeriodics() ?? [];
    },
    workerPoolStats() {
      return conductor && pool ? pool.stats : null;
    },
    get periodics() {
      return conductor?.periodics ?? notStarted('periodics');
    },
    async rpcAddressOf(host: string) {
      return (conductors ?? notStarted('rpcAddressOf')).rpcAddressOf(host);
    },
  };
}

/** Options of {@link createConductorClient}. */
export interface CreateConductorClientOptions {
  /** The cluster's database (the same one the conductors use). */
  database: DatabaseOptions | FerricDb;
  /** How calls reach conductors (JSON-RPC, AMQP…). */
  transport: RpcTransport;
  /** Must match the conductors' `heartbeatTimeout` (seconds; default 60). */
  heartbeatTimeout?: number;
  /** Seconds a cached hash ring is reused (default 15). */
  hashRingResetInterval?: number;
  /** Logger for migrations (default: none). */
  logger?: Logger;
}

/** The caller side of a cluster, for processes that run no conductor (an API process). */
export interface ConductorClient {
  /** RPC routed by the hash ring over the given transport. */
  readonly rpc: ConductorRpc;
  /** Read-only inventory on the shared database. */
  readonly inventory: Inventory;
  /** The hash ring manager. */
  readonly ring: HashRingManager;
  /** The RPC address `host` registered. */
  rpcAddressOf(host: string): Promise<string | null>;
  /** Closes the database if this client opened it. */
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the cluster database and returns an RPC client plus inventory, without
 * running a conductor: what a separate API process needs.
 */
export async function createConductorClient(options: CreateConductorClientOptions): Promise<ConductorClient> {
  const owns = !('db' in options.database);
  const db =
    'db' in options.database ? options.database : await openDatabase(options.database, options.logger);
  const heartbeatTimeout = options.heartbeatTimeout ?? 60;
  const nodes = new NodeRepository(db.db);
  const ports = new PortRepository(db.db);
  const conductors = new ConductorRepository(db.db);
  const ring = new HashRingManager(conductors, {
    heartbeatTimeout,
    resetInterval: options.hashRingResetInterval ?? 15,
  });
  return {
    rpc: new ConductorRpcClient(options.transport, ring, nodes, ports),
    inventory: new Inventory(nodes, ports, conductors, ring, heartbeatTimeout),
    ring,
    rpcAddressOf: (host) => conductors.rpcAddressOf(host),
    close: async () => {
      if (owns) await db.close();
    },
  };
}
