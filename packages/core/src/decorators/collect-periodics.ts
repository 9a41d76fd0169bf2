import { InvalidDecoratorUsage } from '../errors/catalog.js';
import { AbstractHardwareType } from '../hardware-type.js';
import { INTERFACE_TYPES } from '../interfaces/interface-type.js';
import { NODE_PERIODIC_METADATA, PERIODIC_METADATA } from '../metadata-keys.js';
import type { ForEachNodeOptions, PeriodicContext } from '../periodic-context.js';
import type { Task } from '../task.js';
import type { Lazy, NodePeriodicOptions, PeriodicOptions } from './periodic.js';
import { getMethodMetadata, methodNames } from './reflection.js';

/**
 * A collected periodic task, bound to its owner and ready to schedule. `spacing`, `enabled` and
 * `nodeOptions.limit` are getters: each read calls the decorator's function again, so a runtime that
 * reads them before every run follows configuration that changes.
 * @public
 */
export interface PeriodicTaskDescriptor {
  /**
   * Stable, package-qualified id: `<package>:<Class>.<method>` (`@acme/ferric-driver:AcmePower.poll`)
   * when the package is known (see {@link CollectPeriodicsOptions.sourceOf}), else the short name.
   */
  readonly id: string;
  /** `ClassName.methodName`: the short name shown to humans (not unique across packages). */
  readonly name: string;
  /** The package (plugin name) that registered the owner's class, or `null` when unknown. */
  readonly source: string | null;
  /** The hardware type or implementation instance it belongs to. */
  readonly owner: object;
  /** Seconds between starts, read now. @throws {@link InvalidDecoratorUsage} when not a number >= 0. */
  readonly spacing: number;
  /** `enabled`, read now; false when `spacing` is 0. */
  readonly enabled: boolean;
  /** Whether `spacing` or `enabled` is a function (the task may change its mind at run time). */
  readonly lazy: boolean;
  /** Run right after start rather than after `spacing`. */
  readonly runImmediately: boolean;
  /** For node periodics: how nodes are visited (`limit` read now). `null` for plain periodics. */
  readonly nodeOptions: Omit<ForEachNodeOptions, 'usedBy'> | null;
  /** Run once. Node periodics read `limit` for this run. */
  run(ctx: PeriodicContext): Promise<void>;
}

/** Options of {@link collectPeriodicTasks}. @public */
export interface CollectPeriodicsOptions {
  /**
   * Also return tasks that can never run (constant `enabled: false` or `spacing: 0`); default `false`.
   * Tasks whose `spacing` or `enabled` is a function are always returned: they may be enabled later.
   */
  includeDisabled?: boolean;
  /** Creates the instance of an implementation class (default: `new cls()`). */
  instantiate?: (cls: new () => object) => object;
  /**
   * The package that registered an owner's class (a runtime asks its driver registry); it qualifies
   * the task ids. Returning `undefined` (or no function) leaves the id as the short name.
   */
  sourceOf?: (owner: object) => string | undefined;
}

function read<T>(value: Lazy<T> | undefined, fallback: T, owner: object): T {
  if (value === undefined) return fallback;
  return typeof value === 'function' ? (value as (owner: object) => T)(owner) : value;
}

function readSpacing(options: PeriodicOptions, owner: object, name: string): number {
  const spacing = read(options.spacing, Number.NaN, owner);
  if (typeof spacing !== 'number' || !Number.isFinite(spacing) || spacing < 0) {
    throw new InvalidDecoratorUsage(
      `Periodic task ${name} has an invalid spacing ${String(spacing)} (seconds >= 0).`,
    );
  }
  return spacing;
}

function describe(owner: object, method: string, source: string | null): PeriodicTaskDescriptor | null {
  const plain = getMethodMetadata<PeriodicOptions>(PERIODIC_METADATA, owner, method);
  const node = getMethodMetadata<NodePeriodicOptions>(NODE_PERIODIC_METADATA, owner, method);
  const options = node ?? plain;
  if (!options) return null;
  const name = `${owner.constructor.name}.${method}`;
  const fn = (owner as Record<string, (...args: unknown[]) => unknown>)[method]!;
  const nodeOptions = (): Omit<ForEachNodeOptions, 'usedBy'> | null => {
    if (!node) return null;
    const limit = read(node.limit, undefined as number | undefined, owner);
    return {
      purpose: node.purpose,
      ...(node.filters ? { filters: node.filters } : {}),
      ...(node.predicate ? { predicate: node.predicate } : {}),
      ...(limit !== undefined ? { limit } : {}),
      shared: node.sharedTask ?? true,
    };
  };
  return {
    id: source ? `${source}:${name}` : name,
    name,
    source,
    owner,
    get spacing() {
      return readSpacing(options, owner, name);
    },
    get enabled() {
      return read(options.enabled, true, owner) === true && readSpacing(options, owner, name) > 0;
    },
    lazy: typeof options.spacing === 'function' || typeof options.enabled === 'function',
    runImmediately: options.runImmediately ?? false,
    get nodeOptions() {
      return nodeOptions();
    },
    run: node
      ? async (ctx) => {
          await ctx.forEachNode({ ...nodeOptions()!, usedBy: owner }, async (task: Task) => {
            const result = await fn.call(owner, task, ctx);
            return result === false ? false : undefined;
          });
        }
      : async (ctx) => {
          await fn.call(owner, ctx);
        },
  };
}

/**
 * Collect `@periodic` and `@nodePeriodic` tasks, by reflection, like Ironic's
 * `_collect_periodic_tasks`. Pass a hardware type to get its own periodics and
 * those of every implementation class it lists, or pass the exact instances a
 * runtime loaded. Classes are visited once, even when listed twice.
 * Every `spacing` is read once here to validate it; the descriptors read it again on each access.
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
    const pkg = options.sourceOf?.(target) ?? null;
    for (const method of methodNames(target)) {
      const task = describe(target, method, pkg);
      if (!task) continue;
      // Validates the spacing now (throws on a bad one), whatever is returned.
      const enabled = task.enabled;
      if (enabled || task.lazy || options.includeDisabled) tasks.push(task);
    }
  }
  return tasks;
}
