import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import { failOperation } from './runtime.js';
import { clearPlan, planSteps, runSteps, storePlan } from './steps.js';

/*
 * Deploy as deploy steps (Ironic `deployments.py`): `deploying` runs the plan; a step returning
 * `wait call-back` parks the node until the agent/driver calls `continueNodeDeploy`; a reserved `hold`
 * step parks it in `deploy hold` until `unhold`.
 */

/** `deploying` from the start: prepare, plan deploy steps (with user `deploySteps`), run. */
export async function doDeploy(task: ConductorTask, deploySteps: RequestedStep[] = []): Promise<void> {
  try {
    await task.driver.deploy.prepare(task);
    storePlan(task, 'deploy', await planSteps(task, 'deploy', deploySteps));
    await task.save();
  } catch (err) {
    await failOperation(task, 'Deploy', err, () => clearPlan(task, 'deploy'));
    return;
  }
  await continueDeploy(task);
}

/** Runs the remaining deploy steps and finishes in `active`. */
export async function continueDeploy(task: ConductorTask): Promise<void> {
  try {
    const outcome = await runSteps(task, 'deploy');
    if (outcome !== 'done') {
      await task.processEvent(outcome);
      return;
    }
    clearPlan(task, 'deploy');
    task.node.conductorAffinity = task.host;
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await failOperation(task, 'Deploy', err, () => clearPlan(task, 'deploy'));
  }
}
