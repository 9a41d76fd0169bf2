import type { Logger } from 'pino';
import { NoFreeConductorWorker } from './errors.js';
import type { WorkerPool } from './worker-pool.js';

/** A periodic job as the worker schedules it. */
export interface PeriodicDefinition {
  /** Unique name, e.g. `conductor.syncPowerStates` or `FakePower.poll`. */
  name: string;
  /** Seconds between two starts (a callable is re-read after every run); `<= 0` disables. */
  spacing: number | (() => number);
  /** Disabled periodics are listed but never run. */
  enabled?: boolean | (() => boolean);
  /** Run once right at start instead of after the first `spacing`. */
  runImmediately?: boolean;
  /** The work. Rejections are logged and counted; the task is rescheduled anyway. */
  run: () => Promise<void>;
}

/** Live statistics of one periodic. */
export interface PeriodicStats {
  name: string;
  spacing: number;
  enabled: boolean;
  running: boolean;
  runs: number;
  failures: number;
  /** Times the pool was full when the periodic was due (it retries shortly after). */
  rejections: number;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextRunAt: string | null;
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
  /** Seconds to wait before retrying a periodic refused by a full pool (futurist: ~1 s). */
  rejectionRetryDelay?: number;
}

const resolve = <T>(v: T | (() => T)): T => (typeof v === 'function' ? (v as () => T)() : v);

/**
 * futurist-style periodic scheduler on the shared {@link WorkerPool}: every task runs on the pool, is
 * rescheduled only after it finished (`next = start + spacing`, immediately if it overran), therefore
 * never overlaps itself; failures are logged, counted and rescheduled.
 */
export class PeriodicWorker {
  readonly #entries = new Map<string, Entry>();
  #started = false;

  constructor(private readonly options: PeriodicWorkerOptions) {}

  /** Registers a periodic (before or after `start`). @throws Error on a duplicate name. */
  add(def: PeriodicDefinition): void {
    if (this.#entries.has(def.name)) throw new Error(`Periodic task ${def.name} is already registered`);
    const entry: Entry = {
      def,
      timer: undefined,
      job: undefined,
      stats: {
        name: def.name,
        spacing: resolve(def.spacing),
        enabled: this.#isEnabled(def),
        running: false,
        runs: 0,
        failures: 0,
        rejections: 0,
        lastStartedAt: null,
        lastFinishedAt: null,
        lastDurationMs: null,
        lastError: null,
        nextRunAt: null,
      },
    };
    this.#entries.set(def.name, entry);
    if (this.#started) this.#schedule(entry, def.runImmediately ? 0 : entry.stats.spacing * 1000);
  }

  /** Starts scheduling every registered periodic. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const e of this.#entries.values())
      this.#schedule(e, e.def.runImmediately ? 0 : e.stats.spacing * 1000);
  }

  /** Stops scheduling and waits for running periodics (up to `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.#started = false;
    for (const e of this.#entries.values()) {
      clearTimeout(e.timer);
      e.timer = undefined;
      e.stats.nextRunAt = null;
    }
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

  /** Statistics of every periodic, sorted by name. */
  list(): PeriodicStats[] {
    return [...this.#entries.values()]
      .map((e) => ({ ...e.stats }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Statistics of one periodic, or `undefined`. */
  get(name: string): PeriodicStats | undefined {
    const e = this.#entries.get(name);
    return e ? { ...e.stats } : undefined;
  }

  #isEnabled(def: PeriodicDefinition): boolean {
    return resolve(def.enabled ?? true) && resolve(def.spacing) > 0;
  }

  #schedule(entry: Entry, delayMs: number): void {
    if (!this.#started) return;
    entry.stats.spacing = resolve(entry.def.spacing);
    entry.stats.enabled = this.#isEnabled(entry.def);
    if (!entry.stats.enabled) {
      entry.stats.nextRunAt = null;
      return;
    }
    const delay = Math.max(0, delayMs);
    entry.stats.nextRunAt = new Date(Date.now() + delay).toISOString();
    entry.timer = setTimeout(() => this.#fire(entry), delay);
  }

  #fire(entry: Entry): void {
    entry.timer = undefined;
    if (!this.#started || entry.job) return;
    const startedAt = Date.now();
    const { logger } = this.options;
    let job: Promise<void>;
    try {
      job = this.options.pool.spawn(`periodic:${entry.def.name}`, () => entry.def.run(), {
        allowReserved: false,
      });
    } catch (err) {
      if (!(err instanceof NoFreeConductorWorker)) throw err;
      entry.stats.rejections++;
      logger.debug({ periodic: entry.def.name }, 'worker pool full, periodic task postponed');
      const retry = (this.options.rejectionRetryDelay ?? 1) * 1000;
      this.#schedule(entry, Math.min(retry, entry.stats.spacing * 1000));
      return;
    }
    entry.stats.running = true;
    entry.stats.lastStartedAt = new Date(startedAt).toISOString();
    entry.stats.nextRunAt = null;
    entry.job = job.then(
      () => this.#done(entry, startedAt, undefined),
      (err: unknown) => this.#done(entry, startedAt, err),
    );
  }

  #done(entry: Entry, startedAt: number, err: unknown): void {
    const finished = Date.now();
    entry.job = undefined;
    entry.stats.running = false;
    entry.stats.runs++;
    entry.stats.lastFinishedAt = new Date(finished).toISOString();
    entry.stats.lastDurationMs = finished - startedAt;
    if (err !== undefined) {
      entry.stats.failures++;
      entry.stats.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({ periodic: entry.def.name, err }, 'periodic task failed');
    } else {
      entry.stats.lastError = null;
    }
    const spacingMs = resolve(entry.def.spacing) * 1000;
    this.#schedule(entry, startedAt + spacingMs - finished);
  }
}
