import type { ConductorPeriodicContext } from '../node-iterator.js';
import type { PeriodicDefinition } from '../periodic-worker.js';
import type { ServerContext } from '../server/context.js';
import { releaseDeadConductorLocks } from './dead-conductors.js';
import { type PowerSync, powerFailureRecovery } from './power-sync.js';
import { takeOverNodes } from './take-over.js';
import { checkWaitTimeouts } from './wait-timeouts.js';

/**
 * The conductor's own periodics (Ironic's `ConductorManager` `@periodic` methods). Each run rebuilds
 * the hash ring first so it works on the nodes this conductor owns now, not at the last reset.
 */
export function builtInPeriodics(
  ctx: ServerContext,
  powerSync: PowerSync,
  contextFor: (name: string) => ConductorPeriodicContext,
): PeriodicDefinition[] {
  const c = ctx.config;
  const def = (
    name: string,
    spacing: number,
    run: (p: ConductorPeriodicContext) => Promise<unknown>,
  ): PeriodicDefinition => {
    const pctx = contextFor(name);
    return {
      name,
      spacing,
      run: async () => {
        ctx.deps.ring.reset();
        await run(pctx);
      },
    };
  };
  return [
    def('conductor.syncPowerStates', c.syncPowerStateInterval, (p) => powerSync.run(p)),
    def('conductor.powerFailureRecovery', c.powerFailureRecoveryInterval, (p) => powerFailureRecovery(p)),
    def('conductor.checkWaitTimeouts', c.checkProvisionStateInterval, (p) => checkWaitTimeouts(ctx, p)),
    def('conductor.checkOrphanNodes', c.checkProvisionStateInterval, (p) =>
      releaseDeadConductorLocks(ctx, ctx.deps.conductors, p),
    ),
    def('conductor.syncLocalState', c.syncLocalStateInterval, (p) => takeOverNodes(ctx, p)),
  ];
}
