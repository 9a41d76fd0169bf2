import {
  type InterfaceType,
  InvalidParameterValue,
  ProvisionState,
  type Step,
  type StepKind,
  type StepResult,
  sortSteps,
} from '@ferric/core';
import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';

type RunKind = Extract<StepKind, 'deploy' | 'clean'>;

const STEPS_KEY = { deploy: 'deploy_steps', clean: 'clean_steps' } as const;
const INDEX_KEY = { deploy: 'deploy_step_index', clean: 'clean_step_index' } as const;
const WAIT: Record<RunKind, string> = { deploy: ProvisionState.DEPLOYWAIT, clean: ProvisionState.CLEANWAIT };

/** Every step of `kind` the node's driver offers, across all interfaces. */
export async function availableSteps(task: ConductorTask, kind: StepKind): Promise<Step[]> {
  const all: Step[] = [];
  for (const [iface, impl] of Object.entries(task.driver) as [
    InterfaceType,
    (typeof task.driver)[InterfaceType],
  ][]) {
    const steps =
      kind === 'deploy'
        ? await impl.getDeploySteps(task)
        : kind === 'clean'
          ? await impl.getCleanSteps(task)
          : kind === 'verify'
            ? await impl.getVerifySteps(task)
            : await impl.getServiceSteps(task);
    for (const s of steps) all.push({ ...s, interface: iface });
  }
  return all;
}

/**
 * The step list to run: enabled steps (priority > 0) merged with `requested` ones (which override
 * priority/args of the same step, or add priority-0 steps), sorted as Ironic does. For manual cleaning
 * (`manual`), exactly the requested steps in the given order.
 */
export async function planSteps(
  task: ConductorTask,
  kind: RunKind,
  requested: readonly RequestedStep[] = [],
  manual = false,
): Promise<Step[]> {
  const available = await availableSteps(task, kind);
  const find = (r: RequestedStep) => {
    const s = available.find((a) => a.interface === r.interface && a.step === r.step);
    if (!s) {
      throw new InvalidParameterValue(
        `${kind} step ${r.interface}.${r.step} is not supported by node ${task.node.uuid}.`,
      );
    }
    return s;
  };
  if (manual) return requested.map((r) => ({ ...find(r), ...(r.args ? { args: r.args } : {}) }));
  const byKey = new Map(available.filter((s) => s.priority > 0).map((s) => [`${s.interface}.${s.step}`, s]));
  for (const r of requested) {
    const s = find(r);
    byKey.set(`${s.interface}.${s.step}`, {
      ...s,
      priority: r.priority ?? s.priority,
      ...(r.args ? { args: r.args } : {}),
    });
  }
  return sortSteps(
    [...byKey.values()].filter((s) => s.priority > 0),
    kind,
  );
}

/** Stores a fresh step plan on the node (index 0). */
export function storePlan(task: ConductorTask, kind: RunKind, steps: Step[]): void {
  task.node.driverInternalInfo[STEPS_KEY[kind]] = steps as unknown as never;
  task.node.driverInternalInfo[INDEX_KEY[kind]] = 0;
}

/** The stored plan and the index of the step to run next, or `undefined` when none was stored. */
export function storedPlan(task: ConductorTask, kind: RunKind): { steps: Step[]; index: number } | undefined {
  const steps = task.node.driverInternalInfo[STEPS_KEY[kind]];
  const index = task.node.driverInternalInfo[INDEX_KEY[kind]];
  if (!Array.isArray(steps) || typeof index !== 'number') return undefined;
  return { steps: steps as unknown as Step[], index };
}

/** Removes the plan and the current step from the node. */
export function clearPlan(task: ConductorTask, kind: RunKind): void {
  delete task.node.driverInternalInfo[STEPS_KEY[kind]];
  delete task.node.driverInternalInfo[INDEX_KEY[kind]];
  if (kind === 'deploy') task.node.deployStep = null;
  else task.node.cleanStep = null;
}

/** Result of {@link runSteps}. */
export type StepsOutcome = 'done' | 'wait';

/**
 * Runs the stored plan from its index. Progress (current step, next index) is saved after every step
 * so an interrupted run resumes at the step it was in. A step returning the `*wait` state stops the
 * run (`'wait'`): the driver or agent continues it later.
 */
export async function runSteps(
  task: ConductorTask,
  kind: RunKind,
  signal?: AbortSignal,
): Promise<StepsOutcome> {
  for (;;) {
    const plan = storedPlan(task, kind);
    if (!plan || plan.index >= plan.steps.length) return 'done';
    if (signal?.aborted) throw new Error('conductor is stopping');
    const step = plan.steps[plan.index]!;
    if (kind === 'deploy') task.node.deployStep = step;
    else task.node.cleanStep = step;
    await task.save();
    task.logger.info({ step: `${step.interface}.${step.step}`, kind }, 'executing step');
    const impl = task.driver[step.interface];
    const result: StepResult =
      kind === 'deploy' ? await impl.executeDeployStep(task, step) : await impl.executeCleanStep(task, step);
    task.node.driverInternalInfo[INDEX_KEY[kind]] = plan.index + 1;
    if (result === WAIT[kind]) {
      await task.save();
      return 'wait';
    }
  }
}
