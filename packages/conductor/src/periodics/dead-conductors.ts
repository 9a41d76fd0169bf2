import type { ConductorRepository } from '../db/conductor-repository.js';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import type { OperationRuntime } from '../operations/runtime.js';

/**
 * Orphan check (Ironic `_check_orphan_nodes`): reservations held by conductors that are offline or
 * whose heartbeat is older than `heartbeatTimeout` are released for nodes now mapped here; a pending
 * power action is cleared with `last_error`. Interrupted transient work is then resumed by take-over.
 * @returns the released node uuids.
 */
export async function releaseDeadConductorLocks(
  rt: OperationRuntime,
  conductors: ConductorRepository,
  ctx: ConductorPeriodicContext,
): Promise<string[]> {
  const dead = (await conductors.listDeadHostnames(rt.config.heartbeatTimeout)).filter((h) => h !== rt.host);
  if (dead.length === 0) return [];
  const released: string[] = [];
  for (const node of await ctx.mappedNodes({ reservedBy: dead })) {
    const holder = node.reservation!;
    if (!(await rt.nodes.release(node.uuid, holder))) continue;
    released.push(node.uuid);
    ctx.logger.warn({ node: node.uuid, deadConductor: holder }, 'released reservation of a dead conductor');
    if (node.targetPowerState !== null) {
      await rt.nodes.update(node.uuid, {
        targetPowerState: null,
        lastError: 'Pending power operation was aborted due to conductor take over',
      });
    }
  }
  return released;
}
