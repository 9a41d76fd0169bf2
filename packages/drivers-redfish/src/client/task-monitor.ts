import { setTimeout as sleep } from 'node:timers/promises';
import { RedfishResourceNotFound, RedfishTaskError } from '../errors.js';
import type { RedfishClient } from './client.js';
import { extendedInfo } from './messages.js';
import { arr, isResource, num, type RedfishResource, str } from './types.js';

/** Options of {@link TaskMonitor.wait}. @public */
export interface TaskWaitOptions {
  /** Give up after this many milliseconds (default 30 minutes). */
  timeoutMs?: number;
  /** Milliseconds between polls when the BMC gives no `Retry-After` (default 1000). */
  intervalMs?: number;
  /** Stop waiting when aborted. */
  signal?: AbortSignal;
}

/** One poll of a Task. @public */
export interface TaskStatus {
  /** True once the Task completed successfully. */
  done: boolean;
  /** Redfish `TaskState` (`New`, `Running`, `Completed`…) when known. */
  state: string | null;
  /** `PercentComplete`, when given. */
  percent: number | null;
  /** The Task resource (or the operation's result) as last read. */
  task: RedfishResource;
  /** Milliseconds the BMC asks to wait before the next poll, when given. */
  retryAfterMs: number | null;
}

const FAILED = new Set(['Exception', 'Killed', 'Cancelled', 'Interrupted']);
const RUNNING = new Set(['New', 'Starting', 'Running', 'Pending', 'Stopping', 'Suspended', 'Service']);

/**
 * Polls a Redfish Task through its monitor URI (DSP0266 §12.2: `202` while running,
 * then the final answer) or through the Task resource itself (`TaskState`).
 * Stateless apart from its URI, so a periodic can rebuild it from
 * `driver_internal_info` on every run.
 * @public
 */
export class TaskMonitor {
  constructor(
    private readonly client: RedfishClient,
    /** Task monitor or Task URI. */
    readonly uri: string,
  ) {}

  /**
   * Poll once.
   * @throws {@link RedfishTaskError} when the Task failed or was cancelled.
   */
  async poll(): Promise<TaskStatus> {
    let res: Awaited<ReturnType<RedfishClient['request']>>;
    try {
      res = await this.client.request('GET', this.uri);
    } catch (error) {
      if (error instanceof RedfishResourceNotFound) {
        throw new RedfishTaskError(
          `The BMC at ${this.client.address} no longer knows the task ${this.uri}.`,
          {
            status: 404,
            cause: error,
          },
        );
      }
      throw error;
    }
    const task = res.body ?? {};
    const state = str(task, 'TaskState');
    const percent = num(task, 'PercentComplete');
    if (state !== null && FAILED.has(state)) {
      const messages = [...extendedInfo(task), ...taskMessages(task)];
      const text =
        messages
          .map((m) => m.message || m.messageId)
          .filter(Boolean)
          .join('; ') || 'no details given';
      throw new RedfishTaskError(
        `Redfish task ${this.uri} on the BMC at ${this.client.address} ended in state ${state}: ${text}`,
        {
          status: res.status,
          messages,
          details: { taskState: state, taskStatus: str(task, 'TaskStatus') },
        },
      );
    }
    const running = res.status === 202 || (state !== null && RUNNING.has(state));
    return { done: !running, state, percent, task, retryAfterMs: res.retryAfterMs };
  }

  /**
   * Poll until the Task completes; resolve with the final Task.
   * @throws {@link RedfishTaskError} on failure or timeout.
   */
  async wait(options: TaskWaitOptions = {}): Promise<RedfishResource> {
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const interval = options.intervalMs ?? 1000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      options.signal?.throwIfAborted();
      const status = await this.poll();
      if (status.done) return status.task;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new RedfishTaskError(
          `Redfish task ${this.uri} on the BMC at ${this.client.address} did not finish within ${Math.round(timeoutMs / 1000)} s (state ${status.state ?? 'unknown'}, ${status.percent ?? '?'}%).`,
          { details: { taskState: status.state } },
        );
      }
      const wait = Math.min(left, Math.max(50, Math.min(status.retryAfterMs ?? interval, interval * 5)));
      await sleep(wait, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }
}

function taskMessages(task: RedfishResource): ReturnType<typeof extendedInfo> {
  return arr(task, 'Messages')
    .filter(isResource)
    .map((m) => ({
      messageId: str(m, 'MessageId') ?? 'unknown',
      message: str(m, 'Message') ?? '',
      severity: str(m, 'MessageSeverity') ?? str(m, 'Severity'),
      resolution: str(m, 'Resolution'),
    }))
    .filter((m) => m.severity !== 'OK');
}
