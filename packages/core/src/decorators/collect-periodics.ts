import { InvalidDecoratorUsage } from '../errors/catalog.js';
import { AbstractHardwareType } from '../hardware-type.js';
import { INTERFACE_TYPES } from '../interfaces/interface-type.js';
import { NODE_PERIODIC_METADATA, PERIODIC_METADATA } from '../metadata-keys.js';
import type { ForEachNodeOptions, PeriodicContext } from '../periodic-context.js';
import type { Task } from '../task.js';
import type { Lazy, NodePeriodicOptions, PeriodicOptions } from './periodic.js';
import { getMethodMetadata, methodNames } from './reflection.js';

/** A collected periodic task, bound to its owner and ready to schedule. @public */
export interface PeriodicTaskDescriptor {
  /** `ClassName.methodName`, unique per process. */
  readonly name: string;
  /** The hardware type or implementation instance it belongs to. */
  readonly owner: object;
  /** Seconds between starts, resolved at collection time. */
  readonly spacing: number;
  /** False when disabled by `enabled` or by `spacing: 0`. */
  readonly enabled: boolean;
  /** Run right after start rather than after `spacing`. */
  readonly runImmediately: boolean;
  /** For node periodics: how nodes are visited. `null` for plain periodics. */
  readonly nodeOptions: Omit<ForEachNodeOptions, 'usedBy'> | null;
  /** Run once. */
  run(ctx: PeriodicContext): Promise<void>;
}

/** Options of {@link collectPeriodicTasks}. @public */
export interface CollectPeriodicsOptions {
  /** Also return disabled tasks (for listing); default `false`. */
  includeDisabled?: boolean;
  /** Creates the instance of an implementation class (default: `new cls()`). */
  instantiate?: (cls: new () => object) => object;
}

function resolve<T>(value: Lazy<T> | undefined, fallback: T): T {
  if (value === undefined) return fallback;
  return typeof value === 'function' ? (value as () => T)() : value;
}

function describe(owner: object, method: string): PeriodicTaskDescriptor | null {
  const plain = getMethodMetadata<PeriodicOptions>(PERIODIC_METADATA, owner, method);
  const node = getMethodMetadata<NodePeriodicOptions>(NODE_PERIODIC_METADATA, owner, method);
  const options = node ?? plain;
  if (!options) return null;
  const name = `${owner.constructor.name}.${method}`;
  const spacing = resolve(options.spacing, Number.NaN);
  if (typeof spacing !== 'number' || !Number.isFinite(spacing) || spacing < 0) {
    throw new InvalidDecoratorUsage(
      `Periodic task ${name} has an invalid spacing ${String(spacing)} (seconds >= 0).`,
    );
  }
  const enabled = resolve(options.enabled, true) === true && spacing > 0;
  const fn = (owner as Record<string, (...args: unknown[]) => unknown>)[method]!;
  if (!node) {
    return {
      name,
      owner,
      spacing,
      enabled,
      runImmediately: options.runImmediately ?? false,
      nodeOptions: null,
      run: async (ctx) => {
        await fn.call(owner, ctx);
      },
    };
  }
  const limit = resolve(node.limit, undefined as number | undefined);
  const nodeOptions: Omit<ForEachNodeOptions, 'usedBy'> = {
    purpose: node.purpose,
    ...(node.filters ? { filters: node.filters } : {}),
    ...(node.predicate ? { predicate: node.predicate } : {}),
    ...(limit !== undefined ? { limit } : {}),
    shared: node.sharedTask ?? true,
  };
  return {
    name,
    owner,
    spacing,
    enabled,
    runImmediately: node.runImmediately ?? false,
    nodeOptions,
    run: async (ctx) => {
      await ctx.forEachNode({ ...nodeOptions, usedBy: owner }, async (task: Task) => {
        const result = await fn.call(owner, task, ctx);
        return result === false ? false : undefined;
      });
    },
  };
}

/**
 * Collect `@periodic` and `@nodePeriodic` tasks, by reflection, like Ironic's
 * `_collect_periodic_tasks`. Pass a hardware type to get its own periodics and
 * those of every implementation class it lists, or pass the exact instances a
 * runtime loaded. Classes are visited once, even when listed twice.
 * Lazy `spacing`/`enabled` are resolved now.
 * @throws {@link InvalidDecoratorUsage} on a negative or non-numeric spacing.
 * @public
 */
export function collectPeriodicTasks(
  source: AbstractHardwareType | readonly object[],
  options: CollectPeriodicsOptions = {},
): PeriodicTaskDescriptor[] {
  const instantiate = options.instantiate ?? ((cls) => new cls());
  const targets: object[] = [];
  if (source instanceof AbstractHardwareType) {
    targets.push(source);
    for (const type of INTERFACE_TYPES) {
      for (const ref of source.supportedInterfaces(type)) {
        if (typeof ref !== 'string') targets.push(instantiate(ref));
      }
    }
  } else {
    targets.push(...source);
  }
  const seenClasses = new Set<unknown>();
  const tasks: PeriodicTaskDescriptor[] = [];
  for (const target of targets) {
    if (seenClasses.has(target.constructor)) continue;
    seenClasses.add(target.constructor);
    for (const method of methodNames(target)) {
      const task = describe(target, method);
      if (task && (task.enabled || options.includeDisabled)) tasks.push(task);
    }
  }
  return tasks;
}
