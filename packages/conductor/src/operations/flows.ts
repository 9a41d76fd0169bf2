import { PowerState, type ProvisionStateName, ProvisionState as S, sortSteps } from '@ferric/core';
import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import { errorMessage, type OperationRuntime } from './runtime.js';
import { availableSteps, clearPlan, planSteps, runSteps, storePlan } from './steps.js';

/*
 * The background halves of provisioning operations. Each runs on the worker pool holding the node's
 * exclusive lock (handed over by `spawnAfter`), drives the driver interfaces and moves the state machine
 * on success (`done`) or failure (`fail`, with `last_error`).
 */

async function fail(task: ConductorTask, what: string, err: unknown, extra?: () => void): Promise<void> {
  const message = `${what} failed: ${errorMessage(err)}`;
  task.logger.error({ err }, message);
  extra?.();
  await task.processEvent('fail', { lastError: message });
}

/** `verifying`: run verify steps, then `manageable` (failure → back to `enroll`). */
export async function doVerify(task: ConductorTask): Promise<void> {
  try {
    await task.driver.power.validate(task);
    await task.driver.management.validate(task);
    const steps = sortSteps(
      (await availableSteps(task, 'verify')).filter((s) => s.priority > 0),
      'verify',
    );
    for (const step of steps) await task.driver[step.interface].executeVerifyStep(task, step);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await fail(task, 'Verification', err);
  }
}

/** `inspecting`: hardware introspection (`inspect wait` for in-band inspection). */
export async function doInspect(task: ConductorTask): Promise<void> {
  try {
    task.node.inspectionStartedAt = new Date();
    const result = await task.driver.inspect.inspectHardware(task);
    task.node.inspectionStartedAt = null;
    if (result === S.INSPECTWAIT) await task.processEvent('wait');
    else await task.processEvent('done', { lastError: null });
  } catch (err) {
    task.node.inspectionStartedAt = null;
    await fail(task, 'Inspection', err);
  }
}

/** Whether automated cleaning runs for this node. */
export function automatedCleanEnabled(rt: OperationRuntime, task: ConductorTask): boolean {
  return task.node.automatedClean ?? rt.config.automatedClean;
}

/**
 * `cleaning` from the start: prepare, plan (automated: enabled steps; manual: `steps`), run.
 * Manual cleaning ends in `manageable`, automated in `available`.
 */
export async function doClean(
  rt: OperationRuntime,
  task: ConductorTask,
  manualSteps?: RequestedStep[],
): Promise<void> {
  const manual = manualSteps !== undefined;
  try {
    if (!manual && !automatedCleanEnabled(rt, task)) {
      task.logger.info('automated cleaning disabled, skipping');
      await task.processEvent('done', { lastError: null });
      return;
    }
    const steps = await planSteps(task, 'clean', manualSteps ?? [], manual);
    storePlan(task, 'clean', steps);
    task.node.driverInternalInfo.cleaning_manual = manual;
    await task.save();
    const prepared = await task.driver.deploy.prepareCleaning(task);
    if (prepared === S.CLEANWAIT) {
      await task.processEvent('wait');
      return;
    }
    await continueClean(task);
  } catch (err) {
    await failCleaning(task, err);
  }
}

async function failCleaning(task: ConductorTask, err: unknown): Promise<void> {
  await fail(task, 'Cleaning', err, () => {
    clearPlan(task, 'clean');
    task.node.maintenance = true;
    task.node.fault = 'clean failure';
    task.node.maintenanceReason = `Cleaning failed: ${errorMessage(err)}`;
  });
}

/** Runs the remaining clean steps, then tears cleaning down and finishes. */
export async function continueClean(task: ConductorTask): Promise<void> {
  try {
    const outcome = await runSteps(task, 'clean');
    if (outcome === 'wait') {
      await task.processEvent('wait');
      return;
    }
    await task.driver.deploy.tearDownCleaning(task);
    const manual = task.node.driverInternalInfo.cleaning_manual === true;
    clearPlan(task, 'clean');
    delete task.node.driverInternalInfo.cleaning_manual;
    await task.processEvent(manual ? 'manage' : 'done', { lastError: null });
  } catch (err) {
    await failCleaning(task, err);
  }
}

/** `deploying` from the start: prepare, plan deploy steps (with user `deploySteps`), run. */
export async function doDeploy(task: ConductorTask, deploySteps: RequestedStep[] = []): Promise<void> {
  try {
    await task.driver.deploy.prepare(task);
    storePlan(task, 'deploy', await planSteps(task, 'deploy', deploySteps));
    await task.save();
    await continueDeploy(task);
  } catch (err) {
    await fail(task, 'Deploy', err, () => clearPlan(task, 'deploy'));
  }
}

/** Runs the remaining deploy steps and finishes in `active`. */
export async function continueDeploy(task: ConductorTask): Promise<void> {
  try {
    const outcome = await runSteps(task, 'deploy');
    if (outcome === 'wait') {
      await task.processEvent('wait');
      return;
    }
    clearPlan(task, 'deploy');
    task.node.conductorAffinity = task.host;
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await fail(task, 'Deploy', err, () => clearPlan(task, 'deploy'));
  }
}

/** `deleting`: tear the instance down, then automated cleaning. */
export async function doTearDown(rt: OperationRuntime, task: ConductorTask): Promise<void> {
  try {
    await task.driver.deploy.tearDown(task);
    await task.driver.deploy.cleanUp(task);
    await task.driver.boot.cleanUpInstance(task);
    task.node.instanceInfo = {};
    task.node.instanceUuid = null;
    clearPlan(task, 'deploy');
    await task.processEvent('clean');
  } catch (err) {
    await fail(task, 'Tear down', err);
    return;
  }
  await doClean(rt, task);
}

/** `rescuing`: boot the rescue environment (`rescue wait` for agent-based rescue). */
export async function doRescue(task: ConductorTask): Promise<void> {
  try {
    const result = await task.driver.rescue.rescue(task);
    await task.processEvent(result === S.RESCUEWAIT ? 'wait' : 'done', { lastError: null });
  } catch (err) {
    await fail(task, 'Rescue', err);
  }
}

/** `unrescuing`: back to the instance. */
export async function doUnrescue(task: ConductorTask): Promise<void> {
  try {
    await task.driver.rescue.unrescue(task);
    delete task.node.instanceInfo.rescue_password;
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await fail(task, 'Unrescue', err);
  }
}

/** Take-over: rebuild the boot environment on this conductor and record the affinity. */
export async function doTakeOver(task: ConductorTask): Promise<void> {
  await task.driver.deploy.prepare(task);
  await task.driver.deploy.takeOver(task);
  task.node.conductorAffinity = task.host;
  await task.save();
}

/** `adopting`: take an already-running instance under management → `active`. */
export async function doAdopt(task: ConductorTask): Promise<void> {
  try {
    await doTakeOver(task);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await fail(task, 'Adoption', err);
  }
}

/** Performs a power action and records the reached state. */
export async function doPowerAction(task: ConductorTask, target: string, timeout?: number): Promise<void> {
  const power = task.driver.power;
  const options = timeout !== undefined ? { timeout } : {};
  try {
    if (target === PowerState.REBOOT) await power.reboot(task, options);
    else await power.setPowerState(task, target as Parameters<typeof power.setPowerState>[1], options);
    const reached =
      target === PowerState.OFF || target === PowerState.SOFT_POWER_OFF ? PowerState.OFF : PowerState.ON;
    task.node.powerState = reached;
    task.node.targetPowerState = null;
    task.node.lastError = null;
    await task.save();
  } catch (err) {
    task.node.targetPowerState = null;
    task.node.lastError = `Failed to change power state to '${target}': ${errorMessage(err)}`;
    task.logger.error({ err, target }, 'power action failed');
    await task.save();
  }
}

/**
 * Resumes a node found in a transient state without a running job (after a restart or take-over).
 * Step-based work (deploy, clean) restarts at the interrupted step; idempotent single-shot work is
 * re-run; only what cannot be resumed fails, with `last_error` saying why.
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
      await task.processEvent('fail', {
        lastError: `The ${state} state can't be resumed by conductor ${rt.host}.`,
      });
      return 'failed';
  }
}

/** Transient states in which a job must hold the lock; found unlocked, the work was interrupted. */
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
