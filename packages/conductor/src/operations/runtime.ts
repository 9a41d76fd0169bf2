import type { DriverFactory } from '@ferric/core';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../config.js';
import type { NodeRepository } from '../db/node-repository.js';
import type { ConductorTask, TaskManager } from '../task-manager.js';

/**
 * What operations need from the running conductor. Operations depend on this narrow view rather than
 * on the `Conductor` class so they can be tested and reused by periodics without a full service.
 */
export interface OperationRuntime {
  /** Host name of the conductor (lock owner, `conductor_affinity`). */
  readonly host: string;
  /** Validated configuration. */
  readonly config: ConductorConfig;
  /** Lock manager. */
  readonly tasks: TaskManager;
  /** Driver composition. */
  readonly drivers: DriverFactory;
  /** Node table. */
  readonly nodes: NodeRepository;
  /** Conductor logger. */
  readonly logger: Logger;
}

/** Message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Records a failed operation: logs it, lets `extra` adjust the node (maintenance, plan clean-up), then
 * fires `fail` with `last_error` = "`what` failed: reason". Manual cleaning passes its target so the
 * failed state still points at `manageable`.
 */
export async function failOperation(
  task: ConductorTask,
  what: string,
  err: unknown,
  extra?: () => void,
): Promise<void> {
  const message = `${what} failed: ${errorMessage(err)}`;
  task.logger.error({ err }, message);
  extra?.();
  await task.processEvent('fail', { lastError: message });
}
