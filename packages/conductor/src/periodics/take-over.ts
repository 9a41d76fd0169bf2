import { ProvisionState as S } from '@ferric/core';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import { doTakeOver } from '../operations/flows.js';
import { RESUMABLE_STATES } from '../operations/resume.js';
import type { ResumeQueue } from '../operations/resume-queue.js';
import type { OperationRuntime } from '../operations/runtime.js';

/**
 * Take-over (Ironic `_sync_local_state`, extended): active nodes newly mapped here get
 * `deploy.prepare` + `deploy.takeOver` and this conductor's affinity; nodes left unlocked in a
 * transient state (their conductor stopped or died mid-operation) are resumed on the pool.
 */
export async function takeOverNodes(
  rt: OperationRuntime & { readonly resumes: ResumeQueue },
  ctx: ConductorPeriodicContext,
): Promise<void> {
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

/**
 * Queues the resumption of unlocked nodes in transient states that this conductor owns; each resumes
 * as soon as a worker is free (see {@link ResumeQueue}). @returns how many were queued.
 */
export async function resumeOrphans(
  rt: { readonly resumes: ResumeQueue },
  ctx: ConductorPeriodicContext,
): Promise<number> {
  const nodes = await ctx.mappedNodes({ provisionState: RESUMABLE_STATES, reserved: false });
  let queued = 0;
  for (const node of nodes) {
    if (ctx.signal.aborted) break;
    if (rt.resumes.enqueue(node.uuid, ctx.signal)) queued++;
  }
  return queued;
}
