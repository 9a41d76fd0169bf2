import type { Logger } from 'pino';
import type { TaskManager } from '../task-manager.js';
import type { WorkerPool } from '../worker-pool.js';
import { RESUMABLE_STATES, resumeInterrupted } from './resume.js';
import type { OperationRuntime } from './runtime.js';

/** Dependencies of {@link ResumeQueue}. */
export interface ResumeQueueDeps {
  runtime: OperationRuntime;
  pool: WorkerPool;
  tasks: TaskManager;
  logger: Logger;
}

/**
 * Interrupted work waiting for a worker. After a restart or a take-over there may be more nodes to
 * resume than free workers; rather than refusing the rest until the next take-over check (minutes),
 * each node waits in the pool's FIFO queue and resumes as soon as a worker frees up. No node lock is
 * held while waiting, and a node already queued is not queued twice.
 */
export class ResumeQueue {
  readonly #queued = new Set<string>();

  constructor(private readonly deps: ResumeQueueDeps) {}

  /** Nodes waiting for a worker (or being locked to start). */
  get size(): number {
    return this.#queued.size;
  }

  /**
   * Queues the resumption of `node` (a uuid) until a worker is free or `signal` aborts (conductor stop).
   * @returns `false` if the node was already queued.
   */
  enqueue(node: string, signal: AbortSignal): boolean {
    if (this.#queued.has(node)) return false;
    this.#queued.add(node);
    void this.#resume(node, signal).finally(() => this.#queued.delete(node));
    return true;
  }

  async #resume(node: string, signal: AbortSignal): Promise<void> {
    const { pool, tasks, runtime, logger } = this.deps;
    let worker: Awaited<ReturnType<WorkerPool['waitForWorker']>>;
    try {
      worker = await pool.waitForWorker(signal);
    } catch {
      return; // stopping
    }
    if (signal.aborted) {
      worker.release();
      return;
    }
    try {
      await tasks.run(node, { purpose: 'resume interrupted work', retry: false, worker }, async (task) => {
        // Checked again under the lock: the node may have moved on (or been resumed elsewhere).
        if (!RESUMABLE_STATES.includes(task.node.provisionState)) return;
        task.spawnAfter('resume', (t) => resumeInterrupted(runtime, t).then(() => undefined));
      });
    } catch (err) {
      logger.debug({ node, err: (err as Error).message }, 'could not resume node now');
    }
  }
}
