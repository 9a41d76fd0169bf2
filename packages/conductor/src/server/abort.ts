import { InvalidState, ProvisionState as S, type Step } from '@ferric/core';
import { cleaningTarget } from '../operations/cleaning.js';
import { clearPlan, currentStep, type RunKind } from '../operations/steps.js';
import type { ConductorTask } from '../task-manager.js';
import type { ServerContext } from './context.js';

/*
 * `abort` (Ironic's `do_provisioning_action(abort)`): valid in the states where nothing runs on the
 * conductor — the `*wait` states (an agent or the BMC works) and the `* hold` states — and, for
 * step-based work, only if the current step is abortable. The node ends in the matching failed state
 * with `last_error` saying it was aborted.
 */

function assertAbortable(task: ConductorTask, kind: RunKind): void {
  const step: Step | null = currentStep(task, kind);
  if (step && !step.abortable) {
    throw new InvalidState(
      `The ${kind} step ${step.interface}.${step.step} of node ${task.node.uuid} is not abortable.`,
    );
  }
}

async function tolerate(task: ConductorTask, what: string, fn: () => Promise<void>): Promise<void> {
  // Clean-up after an abort is best effort: the operator asked to stop, the abort must not fail on it.
  try {
    await fn();
  } catch (err) {
    task.logger.warn({ err }, `${what} failed during abort`);
  }
}

/** Aborts the operation a node waits in. @throws InvalidState when it cannot be aborted now. */
export async function abortOperation(
  ctx: ServerContext,
  node: string,
  requestId: string | undefined,
): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(node, { purpose: 'abort', requestId: requestId ?? null }, async (task) => {
    const state = task.node.provisionState;
    const lastError = `${state} aborted by operator.`;
    switch (state) {
      case S.CLEANWAIT:
      case S.CLEANHOLD: {
        assertAbortable(task, 'clean');
        const target = cleaningTarget(task);
        await tolerate(task, 'tear down of cleaning', () => task.driver.deploy.tearDownCleaning(task));
        clearPlan(task, 'clean');
        delete task.node.driverInternalInfo.cleaning_manual;
        await task.processEvent('abort', { lastError, ...target });
        return;
      }
      case S.DEPLOYWAIT:
      case S.DEPLOYHOLD:
        assertAbortable(task, 'deploy');
        clearPlan(task, 'deploy');
        await task.processEvent('abort', { lastError });
        return;
      case S.SERVICEWAIT:
      case S.SERVICEHOLD:
        assertAbortable(task, 'service');
        await tolerate(task, 'tear down of servicing', () => task.driver.deploy.tearDownService(task));
        clearPlan(task, 'service');
        await task.processEvent('abort', { lastError });
        return;
      case S.SERVICEFAIL:
        // Ironic: aborting a failed servicing returns the (still deployed) node to active.
        await task.processEvent('abort', { lastError: null });
        return;
      case S.INSPECTWAIT:
        await task.driver.inspect.abort(task);
        task.node.inspectionStartedAt = null;
        await task.processEvent('abort', { lastError });
        return;
      case S.RESCUEWAIT:
        await tolerate(task, 'rescue clean-up', () => task.driver.rescue.cleanUp(task));
        await task.processEvent('abort', { lastError });
        return;
      default:
        throw new InvalidState(`Can not abort node ${task.node.uuid} in provision state ${state}.`);
    }
  });
}
