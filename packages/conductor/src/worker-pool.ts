import PQueue from 'p-queue';
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
  running: number;
  runningReserved: number;
  /** Jobs refused with `NoFreeConductorWorker` since the pool was created. */
  refused: number;
}

/**
 * The conductor's single bounded worker pool (Ironic's futurist executor with `reject_when_reached`):
 * a job either starts now or is refused with `NoFreeConductorWorker`; nothing is queued. A reserved
 * share keeps API-initiated work possible while periodics saturate the normal share.
 */
export class WorkerPool {
  readonly #normal: PQueue;
  readonly #reserved: PQueue;
  readonly #normalSize: number;
  readonly #reservedSize: number;
  #running = 0;
  #runningReserved = 0;
  #refused = 0;
  #closed = false;
  readonly #jobs = new Set<Promise<unknown>>();

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
    this.#normal = new PQueue({ concurrency: this.#normalSize });
    this.#reserved = new PQueue({ concurrency: Math.max(1, reserved) });
  }

  /** Current occupancy. */
  get stats(): WorkerPoolStats {
    return {
      size: this.options.size,
      reserved: this.#reservedSize,
      running: this.#running,
      runningReserved: this.#runningReserved,
      refused: this.#refused,
    };
  }

  /** Whether a job submitted now with these options would start. */
  hasCapacity(options: SpawnOptions = {}): boolean {
    if (this.#closed) return false;
    if (this.#running < this.#normalSize) return true;
    return (options.allowReserved ?? true) && this.#runningReserved < this.#reservedSize;
  }

  /**
   * Starts `job` now on a free worker.
   *
   * @returns the job's own promise (its rejection is the caller's to handle).
   * @throws NoFreeConductorWorker synchronously when the pool (and, if allowed, the reserved share) is full.
   */
  spawn<T>(name: string, job: () => Promise<T>, options: SpawnOptions = {}): Promise<T> {
    if (this.#closed) {
      this.#refused++;
      throw new NoFreeConductorWorker();
    }
    let queue: PQueue;
    let reserved = false;
    if (this.#running < this.#normalSize) {
      queue = this.#normal;
    } else if ((options.allowReserved ?? true) && this.#runningReserved < this.#reservedSize) {
      queue = this.#reserved;
      reserved = true;
    } else {
      this.#refused++;
      this.options.logger.debug({ job: name, ...this.stats }, 'worker pool full, job refused');
      throw new NoFreeConductorWorker();
    }
    if (reserved) this.#runningReserved++;
    else this.#running++;
    const promise = queue.add(job).finally(() => {
      if (reserved) this.#runningReserved--;
      else this.#running--;
    }) as Promise<T>;
    const tracked = promise.catch(() => undefined);
    this.#jobs.add(tracked);
    void tracked.finally(() => this.#jobs.delete(tracked));
    return promise;
  }

  /** Refuses new jobs and waits up to `timeoutMs` for running ones. @returns `true` if all finished. */
  async close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
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
}
