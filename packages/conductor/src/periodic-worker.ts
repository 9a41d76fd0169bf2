import type { Logger } from 'pino';
import {
  ConductorNotRunning,
  DuplicatePeriodicTask,
  NoFreeConductorWorker,
  PeriodicTaskNotFound,
  PeriodicTaskRunning,
} from './errors.js';
import { type ConductorEventStream, type ConductorEvents, emitSafely } from './events.js';
import type { WorkerPool } from './worker-pool.js';

/** A periodic job as the worker schedules it (what the explorer produces). */
export interface PeriodicDefinition {
  /**
   * Unique id: `<package>:<Class>.<method>` (`@ferric/conductor:ConductorManager.syncPowerStates`,
   * `@acme/ferric-driver:AcmePower.poll`).
   */
  id: string;
  /** Short `Class.method` name for humans (may repeat across packages). Default: `id`. */
  name?: string;
  /** Package that declared it, or `null` when unknown. */
  source?: string | null;
  /** Seconds between two starts; `<= 0` disables. A function is read before every run. */
  spacing: number | (() => number);
  /** Disabled periodics are listed but do not run. A function is read before every run. */
  enabled?: boolean | (() => boolean);
  /** Run once right at start instead of after the first `spacing`. */
  runImmediately?: boolean;
  /** The work. Rejections are logged, counted and emitted; the task is rescheduled anyway. */
  run: () => Promise<void>;
}

/** Live statistics of one periodic. Plain data (ISO strings), so it travels over RPC as is. */
export interface PeriodicStats {
  /** Package-qualified id. */
  id: string;
  /** Short `Class.method` name. */
  name: string;
  /** Package that declared it, or `null`. */
  source: string | null;
  /** Spacing in seconds, as last read. */
  spacing: number;
  /** `enabled` (and `spacing > 0`), as last read. */
  enabled: boolean;
  /** Paused through {@link PeriodicRegistry.pause}: not scheduled until resumed. */
  paused: boolean;
  running: boolean;
  runs: number;
  failures: number;
  /** Due runs that did not start because the pool had no free worker (skipped, never queued). */
  skipped: number;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextRunAt: string | null;
}

/**
 * What a conductor exposes of its periodic tasks: list them, pause, resume, and trigger one by id (a
 * task's short `Class.method` name is accepted too when it is unambiguous).
 */
export interface PeriodicRegistry {
  /** Statistics of every periodic, sorted by id. */
  list(): PeriodicStats[];
  /** Statistics of one periodic. @throws PeriodicTaskNotFound */
  get(ident: string): PeriodicStats;
  /** Stops scheduling a task (a run in progress finishes). @throws PeriodicTaskNotFound */
  pause(ident: string): PeriodicStats;
  /** Schedules a paused task again, a spacing after its last start. @throws PeriodicTaskNotFound */
  resume(ident: string): PeriodicStats;
  /**
   * Runs a task now, paused or disabled alike, on the worker pool; resolves once the run ended (its
   * failure is in `lastError`). The next scheduled run is a spacing after this one.
   * @throws PeriodicTaskNotFound, PeriodicTaskRunning (runs never overlap), NoFreeConductorWorker,
   *   ConductorNotRunning
   */
  trigger(ident: string): Promise<PeriodicStats>;
}

interface Entry {
  def: PeriodicDefinition;
  stats: PeriodicStats;
  timer: NodeJS.Timeout | undefined;
  job: Promise<void> | undefined;
}

/** Options of {@link PeriodicWorker}. */
export interface PeriodicWorkerOptions {
  pool: WorkerPool;
  logger: Logger;
  /** Host name carried by the events. */
  host?: string;
  /** Where `periodic.started` / `finished` / `failed` / `skipped` events go. */
  events?: ConductorEventStream;
  /**
   * Seconds after which a task whose spacing *function* returned `<= 0` is asked again (default 60).
   * A constant spacing of 0 disables the task for good.
   */
  idleRecheckInterval?: number;
}

const isLazy = (def: PeriodicDefinition): boolean =>
  typeof def.spacing === 'function' || typeof def.enabled === 'function';

/**
 * futurist-style periodic scheduler on the conductor's one {@link WorkerPool}, and the
 * {@link PeriodicRegistry} of its tasks. Every run takes a pool worker (never the reserved share), so
 * tasks run in parallel up to the pool's size. A task is rescheduled only after its run ended
 * (`next = start + spacing`, immediately if it overran), so it never overlaps itself. A due run that
 * finds the pool full is skipped — counted, logged, emitted as `periodic.skipped` — and the next one is
 * a spacing later: work is refused, never queued. `spacing` and `enabled` functions are read before
 * every run.
 */
export class PeriodicWorker implements PeriodicRegistry {
  readonly #entries = new Map<string, Entry>();
  #started = false;

  constructor(private readonly options: PeriodicWorkerOptions) {}

  /** Registers a periodic (before or after `start`). @throws DuplicatePeriodicTask on a known id. */
  add(def: PeriodicDefinition): void {
    if (this.#entries.has(def.id)) throw new DuplicatePeriodicTask(def.id);
    const entry: Entry = {
      def,
      timer: undefined,
      job: undefined,
      stats: {
        id: def.id,
        name: def.name ?? def.id,
        source: def.source ?? null,
        spacing: 0,
        enabled: false,
        paused: false,
        running: false,
        runs: 0,
        failures: 0,
        skipped: 0,
        lastStartedAt: null,
        lastFinishedAt: null,
        lastDurationMs: null,
        lastError: null,
        nextRunAt: null,
      },
    };
    this.#read(entry);
    this.#entries.set(def.id, entry);
    if (this.#started) this.#scheduleFirst(entry);
  }

  /** Starts scheduling every registered periodic. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const e of this.#entries.values()) this.#scheduleFirst(e);
    // Periodics share the pool with node work (and cannot use its reserved share): when they alone
    // can fill it, API-initiated work starves behind them. Ironic's futurist setup has the same limit.
    const { size, reserved } = this.options.pool.stats;
    const count = [...this.#entries.values()].filter((e) => e.stats.enabled || isLazy(e.def)).length;
    if (count >= size - reserved) {
      this.options.logger.warn(
        { periodics: count, workersPoolSize: size, reservedWorkers: reserved },
        'more periodic tasks than non-reserved pool workers: periodics may starve node work; raise workersPoolSize',
      );
    }
  }

  /** Stops scheduling and waits for running periodics (up to `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.#started = false;
    for (const e of this.#entries.values()) this.#clearTimer(e);
    const running = [...this.#entries.values()].flatMap((e) => (e.job ? [e.job] : []));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running),
      new Promise((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Forgets every periodic (after `stop`; a restarted conductor collects them again). */
  clear(): void {
    for (const e of this.#entries.values()) this.#clearTimer(e);
    this.#entries.clear();
  }

  list(): PeriodicStats[] {
    return [...this.#entries.values()]
      .map((e) => ({ ...e.stats }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(ident: string): PeriodicStats {
    return { ...this.#find(ident).stats };
  }

  pause(ident: string): PeriodicStats {
    const entry = this.#find(ident);
    entry.stats.paused = true;
    this.#clearTimer(entry);
    return { ...entry.stats };
  }

  resume(ident: string): PeriodicStats {
    const entry = this.#find(ident);
    if (entry.stats.paused) {
      entry.stats.paused = false;
      if (!entry.job) {
        const last = entry.stats.lastStartedAt;
        this.#schedule(entry, last === null ? Date.now() : Date.parse(last));
      }
    }
    return { ...entry.stats };
  }

  async trigger(ident: string): Promise<PeriodicStats> {
    const entry = this.#find(ident);
    if (!this.#started)
      throw new ConductorNotRunning(`Periodic task ${entry.def.id}: conductor not running.`);
    if (entry.job) throw new PeriodicTaskRunning(entry.def.id);
    this.#clearTimer(entry);
    const job = this.#run(entry);
    if (!job) {
      this.#schedule(entry, Date.now());
      throw new NoFreeConductorWorker();
    }
    await job;
    return { ...entry.stats };
  }

  #find(ident: string): Entry {
    const byId = this.#entries.get(ident);
    if (byId) return byId;
    const byName = [...this.#entries.values()].filter((e) => e.stats.name === ident);
    if (byName.length === 1) return byName[0]!;
    if (byName.length > 1) {
      const ids = byName.map((e) => e.def.id).join(', ');
      throw new PeriodicTaskNotFound(ident, ` The short name is ambiguous; use an id: ${ids}.`);
    }
    throw new PeriodicTaskNotFound(ident);
  }

  /** Reads `spacing` and `enabled` now (a throwing function disables the task until it stops throwing). */
  #read(entry: Entry): { spacing: number; enabled: boolean } {
    const { def, stats } = entry;
    try {
      const spacing = typeof def.spacing === 'function' ? def.spacing() : def.spacing;
      const enabled = typeof def.enabled === 'function' ? def.enabled() : (def.enabled ?? true);
      stats.spacing = Number.isFinite(spacing) ? spacing : 0;
      stats.enabled = enabled === true && stats.spacing > 0;
    } catch (err) {
      stats.enabled = false;
      stats.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({ periodic: def.id, err }, 'reading the periodic task settings failed');
    }
    return { spacing: stats.spacing, enabled: stats.enabled };
  }

  #clearTimer(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.stats.nextRunAt = null;
  }

  #scheduleFirst(entry: Entry): void {
    if (entry.def.runImmediately) this.#arm(entry, 0);
    else this.#schedule(entry, Date.now());
  }

  /** Arms the timer for `from + spacing` (spacing read now). */
  #schedule(entry: Entry, from: number): void {
    const { spacing, enabled } = this.#read(entry);
    if (spacing > 0 && (enabled || isLazy(entry.def))) {
      // A lazily disabled task wakes up at its spacing to read `enabled` again.
      this.#arm(entry, from + spacing * 1000 - Date.now());
    } else if (isLazy(entry.def)) {
      this.#arm(entry, (this.options.idleRecheckInterval ?? 60) * 1000);
    } else {
      this.#clearTimer(entry);
    }
  }

  #arm(entry: Entry, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (!this.#started || entry.stats.paused) {
      entry.stats.nextRunAt = null;
      return;
    }
    const delay = Math.max(0, delayMs);
    entry.stats.nextRunAt = new Date(Date.now() + delay).toISOString();
    entry.timer = setTimeout(() => this.#due(entry), delay);
  }

  #due(entry: Entry): void {
    entry.timer = undefined;
    entry.stats.nextRunAt = null;
    if (!this.#started || entry.stats.paused || entry.job) return;
    if (!this.#read(entry).enabled) {
      this.#schedule(entry, Date.now());
      return;
    }
    if (!this.#run(entry)) this.#schedule(entry, Date.now());
  }

  /** Starts a run on the pool. @returns the run (settles when recorded), or `undefined` when skipped. */
  #run(entry: Entry): Promise<void> | undefined {
    const { logger, pool } = this.options;
    const { def } = entry;
    const startedAt = Date.now();
    let job: Promise<void>;
    try {
      job = pool.spawn(`periodic:${def.id}`, () => def.run(), { allowReserved: false });
    } catch (err) {
      if (!(err instanceof NoFreeConductorWorker)) throw err;
      entry.stats.skipped++;
      logger.warn({ periodic: def.id }, 'no free conductor worker: periodic run skipped');
      this.#emit('periodic.skipped', { ...this.#base(entry, startedAt), reason: err.message });
      return undefined;
    }
    entry.stats.running = true;
    entry.stats.lastStartedAt = new Date(startedAt).toISOString();
    this.#emit('periodic.started', this.#base(entry, startedAt));
    entry.job = job.then(
      () => this.#done(entry, startedAt, undefined),
      (err: unknown) => this.#done(entry, startedAt, err ?? new Error('rejected')),
    );
    return entry.job;
  }

  #done(entry: Entry, startedAt: number, err: unknown): void {
    const finished = Date.now();
    const durationMs = finished - startedAt;
    entry.job = undefined;
    entry.stats.running = false;
    entry.stats.runs++;
    entry.stats.lastFinishedAt = new Date(finished).toISOString();
    entry.stats.lastDurationMs = durationMs;
    const base = { ...this.#base(entry, finished), durationMs };
    if (err !== undefined) {
      entry.stats.failures++;
      entry.stats.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({ periodic: entry.def.id, err }, 'periodic task failed');
      this.#emit('periodic.failed', { ...base, error: entry.stats.lastError });
    } else {
      entry.stats.lastError = null;
      this.#emit('periodic.finished', base);
    }
    this.#schedule(entry, startedAt);
  }

  #base(entry: Entry, at: number) {
    return { id: entry.def.id, name: entry.stats.name, host: this.options.host ?? '', at: new Date(at) };
  }

  #emit<K extends 'periodic.started' | 'periodic.finished' | 'periodic.failed' | 'periodic.skipped'>(
    name: K,
    payload: Parameters<ConductorEvents[K]>[0],
  ): void {
    const { events, logger } = this.options;
    if (!events) return;
    emitSafely(events, name, payload, (err) =>
      logger.error({ err, event: name }, 'periodic event listener failed'),
    );
  }
}
