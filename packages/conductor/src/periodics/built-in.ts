// The decorators below store their options with Reflect metadata: load the polyfill before this
// module's classes are defined, whatever the importer loaded first.
import 'reflect-metadata';
import { periodic } from '@ferric/core';
import type { ConductorConfig } from '../config.js';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import type { ServerContext } from '../server/context.js';
import { releaseDeadConductorLocks } from './dead-conductors.js';
import { type PowerSync, powerFailureRecovery } from './power-sync.js';
import { takeOverNodes } from './take-over.js';
import { checkWaitTimeouts } from './wait-timeouts.js';

/** Package that declares the conductor's own periodics (the prefix of their ids). */
export const BUILT_IN_PERIODICS_SOURCE = '@ferric/conductor';

/**
 * The conductor's own periodics, Ironic's `ConductorManager` `@periodic` methods, declared with the
 * same `@periodic` decorator as any driver's and collected by the same explorer. Spacings are read
 * from the configuration before every run. Each run rebuilds the hash ring first so it works on the
 * nodes this conductor owns now, not at the last reset.
 */
export class ConductorManager {
  constructor(
    private readonly ctx: ServerContext,
    private readonly powerSync: PowerSync,
  ) {}

  /** The configuration the spacings are read from. */
  get config(): ConductorConfig {
    return this.ctx.config;
  }

  /** Ironic `_sync_power_states`. */
  @periodic({ spacing: (self: ConductorManager) => self.config.syncPowerStateInterval })
  async syncPowerStates(p: ConductorPeriodicContext): Promise<void> {
    this.ctx.deps.ring.reset();
    await this.powerSync.run(p);
  }

  /** Ironic `_power_failure_recovery`. */
  @periodic({ spacing: (self: ConductorManager) => self.config.powerFailureRecoveryInterval })
  async powerFailureRecovery(p: ConductorPeriodicContext): Promise<void> {
    this.ctx.deps.ring.reset();
    await powerFailureRecovery(p);
  }

  /** Ironic `_check_*_timeouts` of every `*wait` state. */
  @periodic({ spacing: (self: ConductorManager) => self.config.checkProvisionStateInterval })
  async checkWaitTimeouts(p: ConductorPeriodicContext): Promise<void> {
    this.ctx.deps.ring.reset();
    await checkWaitTimeouts(this.ctx, p);
  }

  /** Ironic `_check_orphan_nodes`: locks held by dead conductors. */
  @periodic({ spacing: (self: ConductorManager) => self.config.checkProvisionStateInterval })
  async checkOrphanNodes(p: ConductorPeriodicContext): Promise<void> {
    this.ctx.deps.ring.reset();
    await releaseDeadConductorLocks(this.ctx, this.ctx.deps.conductors, p);
  }

  /** Ironic `_sync_local_state`: take over nodes newly mapped here, resume orphaned work. */
  @periodic({ spacing: (self: ConductorManager) => self.config.syncLocalStateInterval })
  async syncLocalState(p: ConductorPeriodicContext): Promise<void> {
    this.ctx.deps.ring.reset();
    await takeOverNodes(this.ctx, p);
  }
}
