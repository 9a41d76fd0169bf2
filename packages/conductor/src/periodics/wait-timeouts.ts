import { type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import { CLEAN_FAILURE_FAULT, cleaningTarget, isManualCleaning } from '../operations/cleaning.js';
import type { OperationRuntime } from '../operations/runtime.js';
import { SERVICE_FAILURE_FAULT } from '../operations/servicing.js';
import { clearPlan } from '../operations/steps.js';
import type { ConductorTask } from '../task-manager.js';

/**
 * `*wait` callback timeouts (Ironic `_check_deploy_timeouts`, `_check_cleanwait_timeouts`,
 * `_check_inspect_wait_timeouts`, `_check_rescuewait_timeouts`, `_check_servicewait_timeouts`): nodes
 * sitting in a wait state longer than its timeout, measured from `provision_updated_at` (which every
 * state change and every agent heartbeat bumps), fail with `last_error`. Cleaning and servicing
 * failures also set maintenance with their fault, as Ironic's error handlers do.
 */
export async function checkWaitTimeouts(rt: OperationRuntime, ctx: ConductorPeriodicContext): Promise<void> {
  const c = rt.config;
  const checks: [ProvisionStateName, number, string][] = [
    [S.DEPLOYWAIT, c.deployCallbackTimeout, 'deploy'],
    [S.CLEANWAIT, c.cleanCallbackTimeout, 'cleaning'],
    [S.INSPECTWAIT, c.inspectWaitTimeout, 'inspection'],
    [S.RESCUEWAIT, c.rescueCallbackTimeout, 'rescue'],
    [S.SERVICEWAIT, c.serviceCallbackTimeout, 'servicing'],
  ];
  for (const [state, timeout, what] of checks) {
    const before = new Date(Date.now() - timeout * 1000);
    await ctx.forEachTask(
      { provisionState: state, provisionedBefore: before, reserved: false },
      { purpose: `${what} timeout`, shared: false },
      async (task) => {
        // Re-check under the lock: a callback may have moved the node since the query.
        if (task.node.provisionState !== state) return false;
        const updated = task.node.provisionUpdatedAt;
        if (updated && updated > before) return false;
        const lastError = `Timeout reached while waiting for callback for node ${task.node.uuid} (${what}, ${timeout} s).`;
        await onTimeout(task, state, lastError);
        return true;
      },
    );
  }
}

async function bestEffort(task: ConductorTask, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    task.logger.warn({ err }, `${what} failed after a callback timeout`);
  }
}

async function onTimeout(task: ConductorTask, state: ProvisionStateName, lastError: string): Promise<void> {
  const node = task.node;
  switch (state) {
    case S.DEPLOYWAIT:
      clearPlan(task, 'deploy');
      break;
    case S.CLEANWAIT: {
      const target = cleaningTarget(task);
      const manual = isManualCleaning(task);
      await bestEffort(task, 'tear down of cleaning', () => task.driver.deploy.tearDownCleaning(task));
      clearPlan(task, 'clean');
      delete node.driverInternalInfo.cleaning_manual;
      node.maintenance = true;
      node.fault = CLEAN_FAILURE_FAULT;
      node.maintenanceReason = lastError;
      await task.processEvent('fail', { lastError, ...(manual ? target : {}) });
      return;
    }
    case S.SERVICEWAIT:
      await bestEffort(task, 'tear down of servicing', () => task.driver.deploy.tearDownService(task));
      clearPlan(task, 'service');
      node.maintenance = true;
      node.fault = SERVICE_FAILURE_FAULT;
      node.maintenanceReason = lastError;
      break;
    case S.INSPECTWAIT:
      // Not every inspect interface can abort; the node fails either way.
      await bestEffort(task, 'inspection abort', () => task.driver.inspect.abort(task));
      node.inspectionStartedAt = null;
      break;
    case S.RESCUEWAIT:
      await bestEffort(task, 'rescue clean-up', () => task.driver.rescue.cleanUp(task));
      break;
    default:
      break;
  }
  await task.processEvent('fail', { lastError });
}
