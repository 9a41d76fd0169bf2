import type { DriverFactory } from '@ferric/core';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../config.js';
import type { NodeRepository } from '../db/node-repository.js';
import type { TaskManager } from '../task-manager.js';

/** What operations need from the running conductor. */
export interface OperationRuntime {
  readonly host: string;
  readonly config: ConductorConfig;
  readonly tasks: TaskManager;
  readonly drivers: DriverFactory;
  readonly nodes: NodeRepository;
  readonly logger: Logger;
}

/** Message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
