import { InvalidParameterValue, type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import { errorMessage, failOperation, type OperationRuntime } from './runtime.js';
import { clearPlan, planSteps, runSteps, storePlan } from './steps.js';

/*
 * Cleaning (Ironic `cleaning.py`): automated on `provide` and after undeploy (ends `available`), manual
 * with explicit `cleanSteps` (ends `manageable`). Steps returning `clean wait` continue on
 * `continueNodeClean`; a `hold` step parks the node in `clean hold`.
 */

/** Fault recorded when cleaning fails or times out (the node goes into maintenance). */
export const CLEAN_FAILURE_FAULT = 'clean failure';

/** Whether automated cleaning runs for this node. */
export function automatedCleanEnabled(rt: OperationRuntime, task: ConductorTask): boolean {
  return task.node.automatedClean ?? rt.config.automatedClean;
}

/** Whether the cleaning in progress is manual (its stable target is `manageable`). */
export function isManualCleaning(task: ConductorTask): boolean {
  return task.node.driverInternalInfo.cleaning_manual === true;
}

/** `driver_internal_info` flag of a cleaning run without the ramdisk (API 1.70). */
export const CLEANING_DISABLE_RAMDISK = 'cleaning_disable_ramdisk';

/**
 * Target state for events fired during cleaning. The state machine defaults every cleaning state to
 * `available`; manual cleaning must keep pointing at `manageable` through wait/hold/resume.
 */
export function cleaningTarget(task: ConductorTask): { targetState?: ProvisionStateName } {
  // Retired nodes go back to `manageable` after cleaning, never to `available` (Ironic 1.61).
  return isManualCleaning(task) || task.node.retired ? { targetState: S.MANAGEABLE } : {};
}

/**
 * `cleaning` from the start: prepare, plan (automated: enabled steps; manual: `steps`), run.
 * Manual cleaning ends in `manageable`, automated in `available`.
 */
export async function doClean(
  rt: OperationRuntime,
  task: ConductorTask,
  manualSteps?: RequestedStep[],
  options: { disableRamdisk?: boolean } = {},
): Promise<void> {
  const manual = manualSteps !== undefined;
  try {
    if (!manual && !automatedCleanEnabled(rt, task)) {
      task.logger.info('automated cleaning disabled, skipping');
      // Retired nodes go back to `manageable`, never to `available` (Ironic 1.61).
      await task.processEvent(task.node.retired ? 'manage' : 'done', { lastError: null });
      return;
    }
    const steps = await planSteps(task, 'clean', manualSteps ?? [], manual);
    if (options.disableRamdisk) {
      // Ironic 1.70: manual cleaning without booting the ramdisk runs only out-of-band steps.
      const inBand = steps.find((s) => s.requiresRamdisk);
      if (inBand)
        throw new InvalidParameterValue(
          `Step ${inBand.interface}.${inBand.step} requires the ramdisk, but cleaning was requested with disable_ramdisk.`,
        );
    }
    storePlan(task, 'clean', steps);
    task.node.driverInternalInfo.cleaning_manual = manual;
    if (options.disableRamdisk) task.node.driverInternalInfo[CLEANING_DISABLE_RAMDISK] = true;
    await task.save();
    if (options.disableRamdisk) {
      await continueClean(task);
      return;
    }
    const prepared = await task.driver.deploy.prepareCleaning(task);
    if (prepared === S.CLEANWAIT) {
      // The agent boots first; its first heartbeat continues with the plan.
      await task.processEvent('wait', cleaningTarget(task));
      return;
    }
  } catch (err) {
    await failCleaning(task, err);
    return;
  }
  await continueClean(task);
}

/** Fails cleaning: maintenance with fault `clean failure`, as Ironic's `cleaning_error_handler`. */
export async function failCleaning(task: ConductorTask, err: unknown): Promise<void> {
  await failOperation(task, 'Cleaning', err, () => {
    clearPlan(task, 'clean');
    delete task.node.driverInternalInfo[CLEANING_DISABLE_RAMDISK];
    task.node.maintenance = true;
    task.node.fault = CLEAN_FAILURE_FAULT;
    task.node.maintenanceReason = `Cleaning failed: ${errorMessage(err)}`;
  });
}

/** Runs the remaining clean steps, then tears cleaning down and finishes. */
export async function continueClean(task: ConductorTask): Promise<void> {
  try {
    const outcome = await runSteps(task, 'clean');
    if (outcome !== 'done') {
      await task.processEvent(outcome, cleaningTarget(task));
      return;
    }
    if (task.node.driverInternalInfo[CLEANING_DISABLE_RAMDISK] !== true)
      await task.driver.deploy.tearDownCleaning(task);
    const manual = isManualCleaning(task);
    clearPlan(task, 'clean');
    delete task.node.driverInternalInfo.cleaning_manual;
    delete task.node.driverInternalInfo[CLEANING_DISABLE_RAMDISK];
    await task.processEvent(manual || task.node.retired ? 'manage' : 'done', { lastError: null });
  } catch (err) {
    await failCleaning(task, err);
  }
}
