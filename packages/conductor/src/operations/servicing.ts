import { ProvisionState as S } from '@ferric/core';
import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import { errorMessage, failOperation } from './runtime.js';
import { clearPlan, planSteps, runSteps, storePlan } from './steps.js';

/*
 * Servicing (Ironic `servicing.py`, API 1.87): explicitly requested service steps on an `active` node,
 * ending back in `active`. Same step machinery as cleaning: `service wait` continues on
 * `continueNodeService`, a `hold` step parks the node in `service hold`.
 */

/** Fault recorded when servicing fails (the node goes into maintenance). */
export const SERVICE_FAILURE_FAULT = 'service failure';

/** `servicing` from the start: plan exactly the requested steps, prepare, run. */
export async function doService(task: ConductorTask, serviceSteps: RequestedStep[]): Promise<void> {
  try {
    storePlan(task, 'service', await planSteps(task, 'service', serviceSteps, true));
    await task.save();
    const prepared = await task.driver.deploy.prepareService(task);
    if (prepared === S.SERVICEWAIT) {
      await task.processEvent('wait');
      return;
    }
  } catch (err) {
    await failServicing(task, err);
    return;
  }
  await continueService(task);
}

/** Runs the remaining service steps, tears servicing down and returns to `active`. */
export async function continueService(task: ConductorTask): Promise<void> {
  try {
    const outcome = await runSteps(task, 'service');
    if (outcome !== 'done') {
      await task.processEvent(outcome);
      return;
    }
    await task.driver.deploy.tearDownService(task);
    clearPlan(task, 'service');
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await failServicing(task, err);
  }
}

async function failServicing(task: ConductorTask, err: unknown): Promise<void> {
  await failOperation(task, 'Servicing', err, () => {
    clearPlan(task, 'service');
    task.node.maintenance = true;
    task.node.fault = SERVICE_FAILURE_FAULT;
    task.node.maintenanceReason = `Servicing failed: ${errorMessage(err)}`;
  });
}
