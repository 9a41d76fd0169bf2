import { collectPeriodicTasks, type DriverFactory, type PeriodicContext } from '@ferric/core';
import type { PeriodicDefinition } from '../periodic-worker.js';

/** Instances declaring a runtime's own `@periodic` methods, and the package they belong to. */
export interface BuiltInPeriodics {
  /** Package name: the prefix of the tasks' ids (`@ferric/conductor`). */
  source: string;
  /** Instances whose decorated methods are collected. */
  instances: readonly object[];
}

/** What {@link explorePeriodics} scans. */
export interface ExplorePeriodicsOptions {
  /** The conductor's driver composition: enabled hardware types and implementations. */
  drivers: DriverFactory;
  /** The conductor's own periodics (collected first). */
  builtIns?: readonly BuiltInPeriodics[];
  /** The context a task's runs receive, by task id (one per task: its logger carries the id). */
  contextFor: (id: string) => PeriodicContext;
}

/**
 * The explorer (NestJS schedule's `ScheduleExplorer`): finds every `@periodic` / `@nodePeriodic` method
 * of the conductor's built-ins and of its enabled drivers, and turns each into a
 * {@link PeriodicDefinition} for the registry. Ids are qualified by the package that registered the
 * class (its plugin's name), so two vendors' `Power.poll` are `@a/x:Power.poll` and `@b/y:Power.poll`.
 * Disabled tasks are returned too, so they are listed. `spacing` and `enabled` stay functions when
 * the decorator gave functions: the registry reads them before every run.
 * @throws InvalidDecoratorUsage on a task with an invalid spacing.
 */
export function explorePeriodics(options: ExplorePeriodicsOptions): PeriodicDefinition[] {
  const { drivers, contextFor } = options;
  const tasks = [
    ...(options.builtIns ?? []).flatMap((b) =>
      collectPeriodicTasks(b.instances, { includeDisabled: true, sourceOf: () => b.source }),
    ),
    ...collectPeriodicTasks(drivers.periodicTargets(), {
      includeDisabled: true,
      sourceOf: (owner) => drivers.registry.pluginOf(owner.constructor),
    }),
  ];
  return tasks.map((task): PeriodicDefinition => {
    const ctx = contextFor(task.id);
    return {
      id: task.id,
      name: task.name,
      source: task.source,
      spacing: task.lazy ? () => task.spacing : task.spacing,
      enabled: task.lazy ? () => task.enabled : task.enabled,
      runImmediately: task.runImmediately,
      run: () => task.run(ctx),
    };
  });
}
