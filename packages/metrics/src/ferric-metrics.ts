import {
  type ConductorEventStream,
  type DriverCallEvent,
  type Inventory,
  MAX_PAGE_LIMIT,
  type MaintenanceChangedEvent,
  type NodeLifecycleEvent,
  type PeriodicStats,
  type PowerStateChangedEvent,
  type ProvisionStateChangedEvent,
  type WorkerPoolStats,
} from '@ferric/conductor';
import { FAILURE_STATES, ProvisionState } from '@ferric/core';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import { driverErrorKind } from './error-kind.js';
import { type NodeDimension, type NodeFacts, NodeTally } from './node-tally.js';

/** What {@link FerricMetrics.observeConductor} reads from a conductor (an `EmbeddedConductor` fits). @public */
export interface ObservedConductor {
  readonly host: string;
  readonly events: ConductorEventStream;
  listPeriodics(): PeriodicStats[];
  workerPoolStats(): WorkerPoolStats | null;
}

/** What the periodic recount reads (the conductor's or a cluster client's `Inventory` fits). @public */
export type NodeSource = Pick<Inventory, 'listNodes' | 'locateNode'>;

/** Options of {@link FerricMetrics}. @public */
export interface FerricMetricsOptions {
  /** Collect Node.js process metrics (CPU, RSS, heap, event-loop lag, GC); default `true`. */
  processMetrics?: boolean;
  /** Labels added to every series (e.g. `{ service: 'ferric-api' }`). */
  defaultLabels?: Record<string, string>;
}

/** Options of {@link FerricMetrics.observeInventory}. @public */
export interface ObserveInventoryOptions {
  /** Seconds between full recounts of the node table (default 60). Events keep the gauges current in between. */
  recountInterval?: number;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const STATE_BUCKETS = [0.1, 1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 21600, 86400];
const FACT_COLUMNS = [
  'provisionState',
  'powerState',
  'maintenance',
  'fault',
  'conductorGroup',
  'driver',
] as const;

const FLEET_GAUGES: readonly [NodeDimension, string, string, string][] = [
  ['provisionState', 'ferric_nodes', 'provision_state', 'Nodes by provision state.'],
  ['powerState', 'ferric_nodes_by_power_state', 'power_state', 'Nodes by power state (`none` = unknown).'],
  ['maintenance', 'ferric_nodes_by_maintenance', 'maintenance', 'Nodes in (`true`) and out of maintenance.'],
  ['fault', 'ferric_nodes_by_fault', 'fault', 'Nodes by fault (`none` = no fault).'],
  ['conductorGroup', 'ferric_nodes_by_conductor_group', 'conductor_group', 'Nodes by conductor group.'],
  ['hardwareType', 'ferric_nodes_by_hardware_type', 'hardware_type', 'Nodes by hardware type.'],
];

/**
 * Ferric's Prometheus metrics on one prom-client {@link Registry} (no global registry): attach the
 * parts a process has — a conductor, the node inventory, a Fastify API — then serve
 * {@link FerricMetrics.scrape} at `/metrics`. A scrape costs a few dozen numbers whatever the fleet
 * size: node gauges are counts kept from the event stream and a periodic recount.
 *
 * @example
 * ```ts
 * const metrics = new FerricMetrics();
 * metrics.observeConductor(conductor);
 * metrics.observeInventory(conductor.inventory);
 * metrics.instrumentApi(app);          // before app.listen()
 * metrics.registerEndpoint(app);       // GET /metrics
 * ```
 * @public
 */
export class FerricMetrics {
  /** The registry every Ferric metric lives in. */
  readonly registry = new Registry();
  readonly #tally = new NodeTally();
  readonly #cleanups: (() => void)[] = [];
  readonly #enteredAt = new Map<string, number>();
  #apiRequests: Counter<'route' | 'method' | 'status'> | undefined;
  #apiDuration: Histogram<'route' | 'method' | 'status'> | undefined;

  readonly #transitions = new Counter({
    name: 'ferric_provision_transitions_total',
    help: 'Provision state transitions by state-machine event (verb) and result (ok, failed).',
    labelNames: ['verb', 'result'] as const,
    registers: [this.registry],
  });
  readonly #failures = new Counter({
    name: 'ferric_provision_failures_total',
    help: 'Transitions into a failure state, by verb and the failure state reached.',
    labelNames: ['verb', 'state'] as const,
    registers: [this.registry],
  });
  readonly #stateDuration = new Histogram({
    name: 'ferric_provision_state_duration_seconds',
    help: 'Time nodes spent in a provision state before leaving it (observed by this process).',
    labelNames: ['state'] as const,
    buckets: STATE_BUCKETS,
    registers: [this.registry],
  });
  readonly #driverDuration = new Histogram({
    name: 'ferric_bmc_call_duration_seconds',
    help: 'BMC-facing driver calls (power, management, bios, firmware, raid, inspect, vendor, console) by hardware type, interface and operation.',
    labelNames: ['hardware_type', 'interface', 'operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #driverErrors = new Counter({
    name: 'ferric_bmc_call_errors_total',
    help: 'Failed BMC-facing driver calls by kind (auth, timeout, connection, bmc_error) and error code.',
    labelNames: ['hardware_type', 'interface', 'operation', 'kind', 'code'] as const,
    registers: [this.registry],
  });

  constructor(options: FerricMetricsOptions = {}) {
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.#tally.seed('provisionState', Object.values(ProvisionState));
    this.#tally.seed('maintenance', ['true', 'false']);
    const tally = this.#tally;
    for (const [dim, name, label, help] of FLEET_GAUGES) {
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers: [this.registry],
        collect() {
          for (const [value, n] of tally.counts(dim)) this.set({ [label]: value }, n);
        },
      });
    }
  }

  /** Node facts as this process currently counts them (for tests and the console). */
  get nodes(): Pick<NodeTally, 'size' | 'counts' | 'get'> {
    return this.#tally;
  }

  /**
   * Follows a conductor: node events update the fleet gauges and the provisioning counters, driver
   * calls feed the BMC histograms; the worker pool and the periodics are read at scrape time.
   * @returns a function that stops following.
   */
  observeConductor(conductor: ObservedConductor): () => void {
    const { events } = conductor;
    const onProvision = (e: ProvisionStateChangedEvent) => this.#onProvision(e);
    const onPower = (e: PowerStateChangedEvent) => void this.#tally.update(e.node, { powerState: e.to });
    const onMaintenance = (e: MaintenanceChangedEvent) =>
      void this.#tally.update(e.node, { maintenance: e.maintenance, fault: e.fault });
    const onDeleted = (e: NodeLifecycleEvent) => {
      this.#tally.delete(e.node);
      this.#enteredAt.delete(e.node);
    };
    const onDriverCall = (e: DriverCallEvent) => {
      const labels = { hardware_type: e.hardwareType, interface: e.interface, operation: e.method };
      this.#driverDuration.observe(labels, e.durationMs / 1000);
      if (e.errorCode !== null)
        this.#driverErrors.inc({ ...labels, kind: driverErrorKind(e.errorCode), code: e.errorCode });
    };
    events.on('node.provisionStateChanged', onProvision);
    events.on('node.powerStateChanged', onPower);
    events.on('node.maintenanceChanged', onMaintenance);
    events.on('node.deleted', onDeleted);
    events.on('driver.call', onDriverCall);
    const gauges = this.#poolAndPeriodicMetrics(conductor);
    const stop = () => {
      events.off('node.provisionStateChanged', onProvision);
      events.off('node.powerStateChanged', onPower);
      events.off('node.maintenanceChanged', onMaintenance);
      events.off('node.deleted', onDeleted);
      events.off('driver.call', onDriverCall);
      for (const m of gauges) this.registry.removeSingleMetric((m as unknown as { name: string }).name);
    };
    this.#cleanups.push(stop);
    return stop;
  }

  /**
   * Counts the fleet from the node table now and every `recountInterval` seconds (pages of 1,000
   * reading only the counted columns); node creation adds a node from its location (one indexed read).
   * @returns a function that stops the recounts.
   */
  observeInventory(
    inventory: NodeSource,
    options: ObserveInventoryOptions & { events?: ConductorEventStream } = {},
  ): () => void {
    const intervalMs = (options.recountInterval ?? 60) * 1000;
    let stopped = false;
    const recount = async () => {
      const counted: [string, NodeFacts][] = [];
      let marker: string | undefined;
      do {
        const page = await inventory.listNodes(
          {},
          { limit: MAX_PAGE_LIMIT, ...(marker ? { marker } : {}) },
          FACT_COLUMNS,
        );
        for (const n of page.items) {
          counted.push([
            n.uuid,
            {
              provisionState: String(n.provisionState),
              powerState: (n.powerState as string | null | undefined) ?? null,
              maintenance: Boolean(n.maintenance),
              fault: (n.fault as string | null | undefined) ?? null,
              conductorGroup: String(n.conductorGroup ?? ''),
              hardwareType: String(n.driver),
            },
          ]);
        }
        marker = page.next ?? undefined;
      } while (marker && !stopped);
      if (!stopped) this.#tally.replaceAll(counted);
    };
    let running: Promise<void> = recount().catch(() => undefined);
    const timer = setInterval(() => {
      running = running.then(() => recount().catch(() => undefined));
    }, intervalMs);
    timer.unref();
    const onCreated = (e: NodeLifecycleEvent) => {
      inventory.locateNode(e.node).then(
        (loc) =>
          this.#tally.get(loc.uuid) ??
          this.#tally.set(loc.uuid, {
            provisionState: ProvisionState.ENROLL,
            powerState: null,
            maintenance: false,
            fault: null,
            conductorGroup: loc.conductorGroup,
            hardwareType: loc.driver,
          }),
        () => undefined,
      );
    };
    options.events?.on('node.created', onCreated);
    const stop = () => {
      stopped = true;
      clearInterval(timer);
      options.events?.off('node.created', onCreated);
    };
    this.#cleanups.push(stop);
    this.#recounting = () => running;
    return stop;
  }

  #recounting: () => Promise<void> = async () => undefined;

  /** Resolves when the recount in progress (if any) has finished. */
  settled(): Promise<void> {
    return this.#recounting();
  }

  /**
   * Counts every request of a Fastify app by route template, method and status, with latency.
   * Call before `listen()`; routes registered later are covered too.
   */
  instrumentApi(app: FastifyInstance): void {
    this.#apiRequests ??= new Counter({
      name: 'ferric_api_requests_total',
      help: 'API requests by route template, method and status code.',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [this.registry],
    });
    this.#apiDuration ??= new Histogram({
      name: 'ferric_api_request_duration_seconds',
      help: 'API request latency by route template, method and status code.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    const requests = this.#apiRequests;
    const duration = this.#apiDuration;
    app.addHook('onResponse', (request, reply, done) => {
      const labels = {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  /** Serves the metrics at `GET path` (default `/metrics`) on a Fastify app, behind its auth hooks. */
  registerEndpoint(app: FastifyInstance, path = '/metrics'): void {
    app.get(path, async (_request, reply) => {
      const body = await this.scrape();
      return reply.header('Content-Type', this.registry.contentType).send(body);
    });
  }

  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  /** Stops following conductors and inventories (timers, listeners). */
  close(): void {
    for (const stop of this.#cleanups.splice(0)) stop();
  }

  #onProvision(e: ProvisionStateChangedEvent): void {
    if (!this.#tally.update(e.node, { provisionState: e.to })) {
      // Not counted yet (created elsewhere, or before the first recount): the next recount has it.
    }
    if (e.from === e.to) return;
    const now = e.at.getTime();
    const entered = this.#enteredAt.get(e.node);
    if (entered !== undefined)
      this.#stateDuration.observe({ state: e.from }, Math.max(0, now - entered) / 1000);
    this.#enteredAt.set(e.node, now);
    const verb = e.event ?? 'direct';
    const failed = (FAILURE_STATES as readonly string[]).includes(e.to);
    this.#transitions.inc({ verb, result: failed ? 'failed' : 'ok' });
    if (failed) this.#failures.inc({ verb, state: e.to });
  }

  #poolAndPeriodicMetrics(conductor: ObservedConductor): Metric[] {
    const r = [this.registry];
    const pool = () => conductor.workerPoolStats();
    const mk = (name: string, help: string, read: (s: WorkerPoolStats) => number): Metric =>
      new Gauge({
        name,
        help,
        registers: r,
        collect() {
          const s = pool();
          if (s) this.set(read(s));
        },
      });
    const periodics = (name: string, help: string, read: (p: PeriodicStats) => number | null): Metric =>
      new Gauge({
        name,
        help,
        labelNames: ['periodic'],
        registers: r,
        collect() {
          for (const p of conductor.listPeriodics()) {
            const v = read(p);
            // Ids, not short names: two packages' `Power.poll` are two tasks.
            if (v !== null) this.set({ periodic: p.id }, v);
          }
        },
      });
    const periodicCounter = (name: string, help: string, read: (p: PeriodicStats) => number): Metric =>
      new Counter({
        name,
        help,
        labelNames: ['periodic'],
        registers: r,
        collect() {
          this.reset();
          for (const p of conductor.listPeriodics()) this.inc({ periodic: p.id }, read(p));
        },
      });
    const lastSuccess = new Map<string, number>();
    return [
      mk('ferric_worker_pool_size', 'Workers of the conductor pool.', (s) => s.size),
      mk('ferric_worker_pool_reserved', 'Workers reserved for API-initiated work.', (s) => s.reserved),
      mk('ferric_worker_pool_busy', 'Workers of the normal share running a job.', (s) => s.running),
      mk(
        'ferric_worker_pool_reserved_busy',
        'Workers of the reserved share running a job.',
        (s) => s.runningReserved,
      ),
      new Counter({
        name: 'ferric_worker_pool_refused_total',
        help: 'Jobs refused with NoFreeConductorWorker since the conductor started.',
        registers: r,
        collect() {
          const s = pool();
          // The pool keeps the running total; the counter mirrors it (it only ever grows).
          this.reset();
          if (s) this.inc(s.refused);
        },
      }),
      periodicCounter('ferric_periodic_runs_total', 'Finished runs of each periodic task.', (p) => p.runs),
      periodicCounter(
        'ferric_periodic_failures_total',
        'Failed runs of each periodic task.',
        (p) => p.failures,
      ),
      periodicCounter(
        'ferric_periodic_rejections_total',
        'Due runs of a periodic skipped because the worker pool was full (skipped, not queued).',
        (p) => p.skipped,
      ),
      periodics('ferric_periodic_running', 'Whether the periodic task is running now.', (p) =>
        p.running ? 1 : 0,
      ),
      periodics('ferric_periodic_last_duration_seconds', 'Duration of the last run.', (p) =>
        p.lastDurationMs === null ? null : p.lastDurationMs / 1000,
      ),
      periodics(
        'ferric_periodic_last_success_timestamp_seconds',
        'When the last successful run finished.',
        (p) => {
          if (p.lastFinishedAt && p.lastError === null)
            lastSuccess.set(p.id, Date.parse(p.lastFinishedAt) / 1000);
          return lastSuccess.get(p.id) ?? null;
        },
      ),
    ];
  }
}
