import { type NodeHealth, PowerState, SYNC_EXCLUDED_STATES, UnsupportedDriverExtension } from '@ferric/core';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import type { OperationRuntime } from '../operations/runtime.js';
import { errorMessage } from '../operations/runtime.js';
import type { ConductorTask } from '../task-manager.js';

/** Fault recorded when power sync gives up on a node. */
export const POWER_FAILURE_FAULT = 'power failure';

/**
 * Power-state sync (Ironic `_sync_power_states`): for every unlocked, non-maintenance node this
 * conductor owns, read the BMC. Divergence is corrected towards the database
 * (`forcePowerStateDuringSync`) or recorded; `powerStateSyncMaxRetries` consecutive failures put the
 * node in maintenance with fault `power failure`. At most `syncPowerStateWorkers` nodes in parallel.
 */
export class PowerSync {
  /** Consecutive failures per node (in memory, like Ironic). */
  readonly failures = new Map<string, number>();

  constructor(private readonly rt: OperationRuntime) {}

  async run(ctx: ConductorPeriodicContext): Promise<void> {
    const nodes = (await ctx.mappedNodes({ maintenance: false, reserved: false, targetPowerStateSet: false }))
      .filter((n) => !SYNC_EXCLUDED_STATES.includes(n.provisionState))
      .sort((a, b) => (this.failures.get(b.uuid) ?? 0) - (this.failures.get(a.uuid) ?? 0));
    const queue = nodes.map((n) => n.uuid);
    const workers = Math.min(this.rt.config.syncPowerStateWorkers, queue.length);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let uuid = queue.shift(); uuid !== undefined; uuid = queue.shift()) {
          if (ctx.signal.aborted) return;
          await ctx.forEachTask(
            { uuids: [uuid], reserved: false, maintenance: false },
            { purpose: 'power state sync' },
            (t) => this.syncOne(t),
          );
        }
      }),
    );
  }

  async syncOne(task: ConductorTask): Promise<void> {
    const { config } = this.rt;
    const node = task.node;
    let actual: Awaited<ReturnType<typeof task.driver.power.getPowerState>>;
    try {
      actual = await task.driver.power.getPowerState(task);
    } catch (err) {
      const count = (this.failures.get(node.uuid) ?? 0) + 1;
      this.failures.set(node.uuid, count);
      task.logger.warn({ err: errorMessage(err), failures: count }, 'power state sync failed');
      if (count >= config.powerStateSyncMaxRetries) {
        await task.upgradeLock('power failure → maintenance');
        task.node.maintenance = true;
        task.node.fault = POWER_FAILURE_FAULT;
        task.node.maintenanceReason = `During sync_power_state, max retries exceeded for node ${node.uuid}, node state ${node.powerState} does not match expected state. Updating DB state to 'None'. Switching node to maintenance mode. Error: ${errorMessage(err)}`;
        task.node.powerState = null;
        task.node.lastError = `Power state sync failed ${count} times: ${errorMessage(err)}`;
        await task.save();
        this.failures.delete(node.uuid);
      }
      return;
    }
    this.failures.delete(node.uuid);
    await cacheHealth(task);
    if (actual === node.powerState) return;
    await task.upgradeLock('power state sync');
    const recorded = task.node.powerState;
    if (
      recorded === null ||
      recorded === PowerState.ERROR ||
      actual === PowerState.ERROR ||
      actual === null
    ) {
      task.node.powerState = actual;
      await task.save();
      return;
    }
    if (config.forcePowerStateDuringSync && task.driver.power.supportsPowerSync(task)) {
      task.logger.warn({ recorded, actual }, 'power state diverged, forcing the recorded state');
      await task.driver.power.setPowerState(task, recorded);
      await task.save();
    } else {
      task.logger.warn({ recorded, actual }, 'power state diverged, recording the hardware state');
      task.node.powerState = actual;
      await task.save();
    }
  }
}

/** Ironic's spelling of each health roll-up (API 1.109). */
const HEALTH_NAMES: Readonly<Record<NodeHealth, string>> = {
  OK: 'OK',
  WARNING: 'Warning',
  CRITICAL: 'Critical',
};

/**
 * Ironic's `node_cache_health`: the BMC's health roll-up is recorded on the node when it changed.
 * Drivers without health reporting are skipped; a failure to read it is only logged.
 */
export async function cacheHealth(task: ConductorTask): Promise<void> {
  let health: NodeHealth | null;
  try {
    health = await task.driver.management.getNodeHealth(task);
  } catch (err) {
    if (!(err instanceof UnsupportedDriverExtension))
      task.logger.warn({ err: errorMessage(err) }, 'could not read the node health');
    return;
  }
  const value = health === null ? null : (HEALTH_NAMES[health] ?? null);
  if (value === task.node.health) return;
  await task.upgradeLock('caching health status');
  task.node.health = value;
  await task.save();
}

/**
 * Recovery of nodes in maintenance for `power failure` (Ironic `_power_failure_recovery`): as soon as
 * the BMC answers again, maintenance and fault are cleared and the power state recorded.
 */
export async function powerFailureRecovery(ctx: ConductorPeriodicContext): Promise<void> {
  await ctx.forEachTask(
    { maintenance: true, fault: POWER_FAILURE_FAULT, reserved: false },
    { purpose: 'power failure recovery' },
    async (task) => {
      let actual: Awaited<ReturnType<typeof task.driver.power.getPowerState>>;
      try {
        actual = await task.driver.power.getPowerState(task);
      } catch {
        return false;
      }
      await task.upgradeLock('power failure recovery');
      task.node.powerState = actual;
      task.node.maintenance = false;
      task.node.fault = null;
      task.node.maintenanceReason = null;
      task.node.lastError = null;
      await task.save();
      task.logger.info('node recovered from power failure, maintenance cleared');
      return true;
    },
  );
}
