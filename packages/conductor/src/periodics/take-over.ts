import { ProvisionState as S } from '@ferric/core';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import { doTakeOver } from '../operations/flows.js';
import { RESUMABLE_STATES, resumeInterrupted } from '../operations/resume.js';
import type { OperationRuntime } from '../operations/runtime.js';
import type { ConductorTask } from '../task-manager.js';

/**
 * Take-over (Ironic `_sync_local_state`, extended): active nodes newly mapped here get
 * `deploy.prepare` + `deploy.takeOver` and this conductor's affinity; nodes left unlocked in a
 * transient state (their conductor stopped or died mid-operation) are resumed on the pool.
 */
export async function takeOverNodes(rt: OperationRuntime, ctx: ConductorPeriodicContext): Promise<void> {
  await ctx.forEachTask(
    { provisionState: S.ACTIVE, maintenance: false, reserved: false, conductorAffinityNot: rt.host },
    { purpose: 'node take over', shared: false },
    async (task) => {
      task.logger.info({ previous: task.node.conductorAffinity }, 'taking over node');
      await doTakeOver(task);
      return true;
    },
  );
  await resumeOrphans(rt, ctx);
}

/** Resumes unlocked nodes in transient states that this conductor owns. @returns how many. */
export async function resumeOrphans(rt: OperationRuntime, ctx: ConductorPeriodicContext): Promise<number> {
  const nodes = await ctx.mappedNodes({ provisionState: RESUMABLE_STATES, reserved: false });
  let resumed = 0;
  for (const node of nodes) {
    if (ctx.signal.aborted) break;
    try {
      await rt.tasks.run(node.uuid, { purpose: 'resume interrupted work', retry: false }, async (task) => {
        if (!RESUMABLE_STATES.includes(task.node.provisionState)) return;
        task.spawnAfter('resume', (t: ConductorTask) => resumeInterrupted(rt, t).then(() => undefined), {
          allowReserved: false,
        });
        resumed++;
      });
    } catch (err) {
      ctx.logger.debug({ node: node.uuid, err: (err as Error).message }, 'could not resume node now');
    }
  }
  return resumed;
}
