import { InvalidDecoratorUsage } from '../errors/catalog.js';
import { NODE_PERIODIC_METADATA, PERIODIC_METADATA } from '../metadata-keys.js';
import type { NodeFilters, PeriodicContext } from '../periodic-context.js';
import type { Task } from '../task.js';
import { defineMethodMetadata, type MethodDecorator } from './reflection.js';

/**
 * A value, or a function returning it. A runtime reads a function again before every run of the
 * task (so it can follow configuration that changes); the function receives the instance the task
 * belongs to, so it may read that instance's injected settings: `spacing: (self: AcmePower) =>
 * self.settings.pollInterval`.
 * @public
 */
export type Lazy<T> = T | ((owner: never) => T);

/** Options of {@link periodic}. @public */
export interface PeriodicOptions {
  /**
   * Seconds between runs (start to start). `0` disables the task. May be a function, read again
   * before every run.
   */
  spacing: Lazy<number>;
  /** Whether the task runs (default `true`). May be a function, read again before every run. */
  enabled?: Lazy<boolean>;
  /** Run once right after start instead of waiting `spacing` first (default `false`). */
  runImmediately?: boolean;
}

/**
 * Declare a method as a periodic task, as Ironic's `@periodics.periodic` does.
 *
 * Works on methods of interface implementations and of hardware types. The
 * conductor collects every periodic of its enabled drivers at start and runs them
 * on its worker pool; a run never overlaps the previous run of the same task.
 * The method receives a {@link PeriodicContext}. The task's id is qualified by the
 * package (plugin) that registered the class, `@acme/ferric-driver:AcmePower.checkBmcFirmware`,
 * so two packages' `Power.poll` never clash.
 *
 * @example
 * ```ts
 * class AcmePower extends PowerInterface {
 *   @periodic({ spacing: 42 })
 *   async checkBmcFirmware(ctx: PeriodicContext) { ... }
 * }
 * ```
 * @public
 */
export function periodic(options: PeriodicOptions): MethodDecorator {
  if (options === null || typeof options !== 'object' || options.spacing === undefined) {
    throw new InvalidDecoratorUsage(
      '@periodic needs { spacing } (seconds, or a function returning seconds).',
    );
  }
  return (target, propertyKey) => {
    defineMethodMetadata(PERIODIC_METADATA, { ...options }, target, propertyKey);
  };
}

/** Options of {@link nodePeriodic}. @public */
export interface NodePeriodicOptions extends PeriodicOptions {
  /** What the lock is taken for (logs, `NodeLocked` messages). */
  purpose: string;
  /** Database-side filters on the nodes to visit. */
  filters?: NodeFilters;
  /** Further, in-memory selection of nodes to visit. */
  predicate?: (node: Task['node']) => boolean;
  /** Stop after this many nodes per run (the callback returning `false` does not count); read every run. */
  limit?: Lazy<number>;
  /** Take a shared lock (default `true`); `false` takes an exclusive one. */
  sharedTask?: boolean;
}

/**
 * Declare a method as a periodic task that visits each node this conductor owns,
 * like Ironic's `@periodics.node_periodic`. The method receives a {@link Task} for
 * each node (locked as asked) and the {@link PeriodicContext}. When declared on an
 * interface implementation, only nodes whose driver uses exactly that
 * implementation are visited. Nodes that are locked or gone are skipped.
 * Return `false` to not count a node towards `limit`.
 * @public
 */
export function nodePeriodic(options: NodePeriodicOptions): MethodDecorator {
  if (options === null || typeof options !== 'object' || !options.purpose || options.spacing === undefined) {
    throw new InvalidDecoratorUsage('@nodePeriodic needs { purpose, spacing }.');
  }
  return (target, propertyKey) => {
    defineMethodMetadata(NODE_PERIODIC_METADATA, { ...options }, target, propertyKey);
  };
}
