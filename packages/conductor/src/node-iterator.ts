import {
  type NodeFilters as CoreNodeFilters,
  type ForEachNodeOptions,
  INTERFACE_TYPES,
  NodeLocked,
  NodeNotFound,
  type PeriodicContext,
  type Task,
} from '@ferric/core';
import type { Logger } from 'pino';
import type { NodeFilters, NodeRepository } from './db/node-repository.js';
import type { HashRingManager } from './hash-ring.js';
import type { NodeRecord } from './model.js';
import type { ConductorTask, TaskManager } from './task-manager.js';

/** Dependencies of {@link ConductorPeriodicContext}. */
export interface NodeIteratorDeps {
  host: string;
  nodes: NodeRepository;
  ring: HashRingManager;
  tasks: TaskManager;
  logger: Logger;
  signal: AbortSignal;
}

/** Converts core's periodic filters to repository filters. */
export function toRepositoryFilters(f: CoreNodeFilters = {}): NodeFilters {
  return {
    ...(f.provisionState !== undefined ? { provisionState: f.provisionState } : {}),
    ...(f.maintenance !== undefined ? { maintenance: f.maintenance } : {}),
    ...(f.reserved !== undefined ? { reserved: f.reserved } : {}),
    ...(f.provisionedBefore !== undefined ? { provisionedBefore: f.provisionedBefore } : {}),
  };
}

/**
 * The conductor's {@link PeriodicContext}: node periodics visit only nodes the hash ring maps to this
 * conductor, each under its own (shared by default) lock; locked or vanished nodes are skipped.
 */
export class ConductorPeriodicContext implements PeriodicContext {
  readonly logger: Logger;

  constructor(
    private readonly deps: NodeIteratorDeps,
    name: string,
  ) {
    this.logger = deps.logger.child({ periodic: name });
  }

  get host(): string {
    return this.deps.host;
  }

  get signal(): AbortSignal {
    return this.deps.signal;
  }

  /** Nodes matching `filters` that the ring maps to this conductor. */
  async mappedNodes(filters: NodeFilters): Promise<NodeRecord[]> {
    const all = await this.deps.nodes.listAll(filters);
    const mine: NodeRecord[] = [];
    for (const n of all) if (await this.deps.ring.isMappedTo(n, this.deps.host)) mine.push(n);
    return mine;
  }

  async forEachNode(options: ForEachNodeOptions, visit: (task: Task) => Promise<unknown>): Promise<number> {
    return this.forEachTask(toRepositoryFilters(options.filters), options, (t) => visit(t));
  }

  /** {@link forEachNode} with repository filters and the conductor's task type. */
  async forEachTask(
    filters: NodeFilters,
    options: Omit<ForEachNodeOptions, 'filters'>,
    visit: (task: ConductorTask) => Promise<unknown>,
  ): Promise<number> {
    let counted = 0;
    for (const node of await this.mappedNodes(filters)) {
      if (this.deps.signal.aborted) break;
      if (options.limit !== undefined && counted >= options.limit) break;
      if (options.predicate && !options.predicate(node)) continue;
      let task: ConductorTask;
      try {
        task = await this.deps.tasks.acquire(node.uuid, {
          purpose: options.purpose,
          shared: options.shared ?? true,
          retry: false,
        });
      } catch (err) {
        if (err instanceof NodeLocked || err instanceof NodeNotFound) {
          this.logger.debug({ node: node.uuid, err: (err as Error).message }, 'node skipped');
          continue;
        }
        throw err;
      }
      try {
        if (options.usedBy && !INTERFACE_TYPES.some((t) => task.driver[t] === options.usedBy)) continue;
        const result = await visit(task);
        if (result !== false) counted++;
      } catch (err) {
        if (err instanceof NodeLocked || err instanceof NodeNotFound) continue;
        this.logger.error({ err, node: node.uuid }, 'node periodic failed for node');
      } finally {
        await task.release();
      }
    }
    return counted;
  }
}
