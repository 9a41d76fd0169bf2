import type { Logger } from './logger.js';
import type { ProvisionStateName } from './states/provision-states.js';
import type { Task } from './task.js';

/** Filters a runtime applies (in the database) when iterating nodes. @public */
export interface NodeFilters {
  provisionState?: ProvisionStateName | readonly ProvisionStateName[];
  maintenance?: boolean;
  /** `true` only locked nodes, `false` only unlocked ones. */
  reserved?: boolean;
  /** Only nodes whose provision state last changed before this date. */
  provisionedBefore?: Date;
}

/** How a runtime should visit nodes for a node periodic. @public */
export interface ForEachNodeOptions {
  purpose: string;
  filters?: NodeFilters;
  predicate?: (node: Task['node']) => boolean;
  limit?: number;
  /** Shared (default) or exclusive lock per node. */
  shared?: boolean;
  /**
   * Visit only nodes that use this object: an interface implementation instance
   * (the node's driver uses exactly it) or a hardware type instance (the node's
   * `driver` is that type). Omitted: every owned node.
   */
  usedBy?: object;
}

/**
 * What a running periodic task may use. The conductor implements it; drivers only
 * depend on this contract, never on the conductor package.
 * @public
 */
export interface PeriodicContext {
  /** Host name of the conductor running the task. */
  readonly host: string;
  /** Logger bound to the task's name. */
  readonly logger: Logger;
  /** Aborted when the conductor stops; long tasks should check it. */
  readonly signal: AbortSignal;
  /**
   * Visit each node mapped to this conductor, with a lock per node. The callback's
   * `false` result means "not counted towards `limit`". Locked or deleted nodes are
   * skipped. Resolves to the number of nodes visited.
   */
  forEachNode(options: ForEachNodeOptions, visit: (task: Task) => Promise<unknown>): Promise<number>;
}
