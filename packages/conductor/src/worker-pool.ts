import type { Logger } from 'pino';
import { NoFreeConductorWorker } from './errors.js';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Total workers (minimum 3). */
  size: number;
  /** Percentage of `size` reserved for API-initiated work (at least one worker when > 0). */
  reservedPercentage: number;
  logger: Logger;
}

/** Options of one submission. */
export interface SpawnOptions {
  /** May use the reserved share (API-initiated work); periodics and agent callbacks pass `false`. */
  allowReserved?: boolean;
}

/** Occupancy of the pool. */
export interface WorkerPoolStats {
  size: number;
  reserved: number;
  /** Workers of the normal share taken (running a job, or reserved for one about to start). */
  running: number;
  /** Workers of the reserved share taken. */
  runningReserved: number;
  /** Callers of {@link WorkerPool.waitForWorker} still waiting. */
  waiting: number;
  /** Jobs refused with `NoFreeConductorWorker` since the pool was created. */
  refused: number;
}

/**
 * One worker taken from a {@link WorkerPool}: reserved first, then either given a job with
 * {@link WorkerSlot.run} or handed back with {@link WorkerSlot.release}. Reserving before the node's
 * state changes is what lets a refused request leave the node untouched: once a caller holds a slot,
 * starting its job cannot fail.
 */
export interface WorkerSlot {
  /** True once a job was started on it or it was released. */
  readonly used: boolean;
  /**
   * Runs `job` on this worker; the worker is freed when the job settles.
   * @returns the job's own promise (its rejection is the caller's to handle).
   * @throws Error when the slot was already used or released (a programming error).
   */
  run<T>(name: string, job: () => Promise<T>): Promise<T>;
  /** Frees the worker without running anything (idempotent; a no-op once a job started). */
  release(): void;
}

type Share = 'normal' | 'reserved';

type Waiter = { grant: (slot: WorkerSlot) => void; fail: (err: unknown) => void };

/**
 * The conductor's single bounded worker pool (Ironic's futurist executor with `reject_when_reached`).
 * API work takes a worker at once or is refused with `NoFreeConductorWorker`; a reserved share keeps
 * it possible while periodics saturate the normal share. Background work that must not be dropped
 * (resuming interrupted nodes) can instead wait in a FIFO queue for a normal worker.
 *
 * Taking a worker is synchronous and separate from starting a job ({@link reserve}), so two requests
 * can never both pass a capacity check for the last worker, and a request holds its worker before it
 * changes any state.
 *
 * Why not p-queue: p-queue models "enqueue a job, run it when a slot frees"; it has no way to reserve a
 * slot before the job is known, nor to refuse synchronously when full, so the pool used it only as a
 * counter behind its own counters. Plain counters plus a waiter list say exactly what happens.
 */
export class WorkerPool {
  readonly #normalSize: number;
  readonly #reservedSize: number;
  #running = 0;
  #runningReserved = 0;
  #refused = 0;
  #closed = false;
  readonly #jobs = new Set<Promise<unknown>>();
  readonly #waiters: Waiter[] = [];

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 3) {
      throw new RangeError(`workersPoolSize must be an integer >= 3, got ${options.size}`);
    }
    const reserved =
      options.reservedPercentage > 0
        ? Math.max(1, Math.floor((options.size * options.reservedPercentage) / 100))
        : 0;
    this.#reservedSize = reserved;
    this.#normalSize = options.size - reserved;
  }

  /** Current occupancy. */
  get stats(): WorkerPoolStats {
    return {
      size: this.options.size,
      reserved: this.#reservedSize,
      running: this.#running,
      runningReserved: this.#runningReserved,
      waiting: this.#waiters.length,
      refused: this.#refused,
    };
  }

  /** Whether {@link reserve} with these options would succeed now. */
  hasCapacity(options: SpawnOptions = {}): boolean {
    return this.#freeShare(options) !== undefined;
  }

  /**
   * Takes a worker now, to be given a job later with {@link WorkerSlot.run} (or released).
   * @throws NoFreeConductorWorker when the pool (and, if allowed, the reserved share) is full.
   */
  reserve(options: SpawnOptions = {}): WorkerSlot {
    const share = this.#freeShare(options);
    if (!share) {
      this.#refused++;
      this.options.logger.debug({ ...this.stats }, 'worker pool full, job refused');
      throw new NoFreeConductorWorker();
    }
    if (share === 'reserved') this.#runningReserved++;
    else this.#running++;
    return this.#slot(share);
  }

  /**
   * Waits (FIFO) for a worker of the normal share, for background work that must not be dropped.
   * Rejects with `NoFreeConductorWorker` when the pool closes, or with the signal's reason on abort.
   */
  waitForWorker(signal?: AbortSignal): Promise<WorkerSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#waiters.length === 0 && this.hasCapacity({ allowReserved: false })) {
      return Promise.resolve(this.reserve({ allowReserved: false }));
    }
    if (this.#closed) return Promise.reject(new NoFreeConductorWorker());
    return new Promise<WorkerSlot>((resolve, reject) => {
      const onAbort = () => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /**
   * Starts `job` now on a free worker ({@link reserve} + {@link WorkerSlot.run}).
   *
   * @returns the job's own promise (its rejection is the caller's to handle).
   * @throws NoFreeConductorWorker synchronously when the pool (and, if allowed, the reserved share) is full.
   */
  spawn<T>(name: string, job: () => Promise<T>, options: SpawnOptions = {}): Promise<T> {
    return this.reserve(options).run(name, job);
  }

  /** Refuses new jobs, fails every waiter, and waits up to `timeoutMs` for running ones. @returns `true` if all finished. */
  async close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w.fail(new NoFreeConductorWorker());
    return this.drain(timeoutMs);
  }

  /** Waits up to `timeoutMs` for every running job. @returns `true` if all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = (async () => {
      while (this.#jobs.size > 0) await Promise.all([...this.#jobs]);
      return true as const;
    })();
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #freeShare(options: SpawnOptions): Share | undefined {
    if (this.#closed) return undefined;
    // Queued background work goes first to normal workers as they free up.
    if (this.#running < this.#normalSize && this.#waiters.length === 0) return 'normal';
    if ((options.allowReserved ?? true) && this.#runningReserved < this.#reservedSize) return 'reserved';
    return undefined;
  }

  /** A freed worker of `share`: handed straight to the first waiter (normal share), else counted free. */
  #free(share: Share): void {
    if (share === 'reserved') {
      this.#runningReserved--;
      return;
    }
    const next = this.#closed ? undefined : this.#waiters.shift();
    if (next) next.grant(this.#slot('normal'));
    else this.#running--;
  }

  #slot(share: Share): WorkerSlot {
    let used = false;
    const pool = this;
    return {
      get used() {
        return used;
      },
      run<T>(name: string, job: () => Promise<T>): Promise<T> {
        if (used) throw new Error(`worker slot for ${name} was already used or released`);
        used = true;
        const promise = (async () => {
          try {
            return await job();
          } finally {
            pool.#free(share);
          }
        })();
        const tracked = promise.catch(() => undefined);
        pool.#jobs.add(tracked);
        void tracked.finally(() => pool.#jobs.delete(tracked));
        return promise;
      },
      release(): void {
        if (used) return;
        used = true;
        pool.#free(share);
      },
    };
  }
}
