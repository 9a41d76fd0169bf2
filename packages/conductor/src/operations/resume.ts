import { type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { ConductorTask } from '../task-manager.js';
import { continueClean, doClean } from './cleaning.js';
import { continueDeploy, doDeploy } from './deploy.js';
import { doAdopt, doInspect, doRescue, doTearDown, doUnrescue, doVerify } from './flows.js';
import type { OperationRuntime } from './runtime.js';
import { continueService } from './servicing.js';

/*
 * "Resume, don't fail" (better than Ironic, which fails every node it finds in a transient state after
 * a restart): work interrupted by a stop, crash or take-over continues where its stored state allows.
 */

/**
 * Resumes a node found in a transient state without a running job (after a restart or take-over).
 * Step-based work (deploy, clean, service) restarts at the interrupted step; idempotent single-shot
 * work is re-run; only what cannot be resumed fails, with `last_error` saying why.
 * @returns what was done, for logs.
 */
export async function resumeInterrupted(rt: OperationRuntime, task: ConductorTask): Promise<string> {
  const state = task.node.provisionState as ProvisionStateName;
  task.logger.warn({ state }, 'resuming work interrupted by a conductor restart or take-over');
  switch (state) {
    case S.DEPLOYING:
      if (task.node.driverInternalInfo.deploy_steps) await continueDeploy(task);
      else await doDeploy(task);
      return 'deploy resumed';
    case S.CLEANING:
      if (task.node.driverInternalInfo.clean_steps) await continueClean(task);
      else await doClean(rt, task);
      return 'cleaning resumed';
    case S.SERVICING:
      // Servicing has no default plan to start over with: without a stored plan it cannot resume.
      if (!task.node.driverInternalInfo.service_steps) break;
      await continueService(task);
      return 'servicing resumed';
    case S.VERIFYING:
      await doVerify(task);
      return 'verification re-run';
    case S.INSPECTING:
      await doInspect(task);
      return 'inspection re-run';
    case S.DELETING:
      await doTearDown(rt, task);
      return 'tear down re-run';
    case S.RESCUING:
      await doRescue(task);
      return 'rescue re-run';
    case S.UNRESCUING:
      await doUnrescue(task);
      return 'unrescue re-run';
    case S.ADOPTING:
      await doAdopt(task);
      return 'adoption re-run';
    default:
      break;
  }
  await task.processEvent('fail', {
    lastError: `The ${state} state can't be resumed by conductor ${rt.host}.`,
  });
  return 'failed';
}

/**
 * Transient states in which a job must hold the lock; found unlocked, the work was interrupted.
 * `*wait` and `* hold` states are not here: nothing runs in them, the agent callback, `unhold` or the
 * callback timeout moves them on, on whichever conductor owns the node then.
 */
export const RESUMABLE_STATES: readonly ProvisionStateName[] = [
  S.DEPLOYING,
  S.CLEANING,
  S.VERIFYING,
  S.INSPECTING,
  S.DELETING,
  S.RESCUING,
  S.UNRESCUING,
  S.ADOPTING,
  S.SERVICING,
];
