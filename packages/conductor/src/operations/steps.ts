import { setTimeout as sleep } from 'node:timers/promises';
import {
  type InterfaceType,
  InvalidParameterValue,
  PowerState,
  ProvisionState,
  type Step,
  type StepKind,
  type StepResult,
  sortSteps,
} from '@ferric/core';
import type { RequestedStep } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';

/** Step kinds the conductor runs as a resumable plan (verify steps are synchronous and not stored). */
export type RunKind = Extract<StepKind, 'deploy' | 'clean' | 'service'>;

// The plan lives in driver_internal_info under Ironic's key names, so a conductor that takes the node over
// (or this one after a restart) finds exactly where the run stopped.
const STEPS_KEY = { deploy: 'deploy_steps', clean: 'clean_steps', service: 'service_steps' } as const;
const INDEX_KEY = {
  deploy: 'deploy_step_index',
  clean: 'clean_step_index',
  service: 'service_step_index',
} as const;
const WAIT: Record<RunKind, string> = {
  deploy: ProvisionState.DEPLOYWAIT,
  clean: ProvisionState.CLEANWAIT,
  service: ProvisionState.SERVICEWAIT,
};

/**
 * Steps the conductor itself implements and that users may put in any step list
 * (Ironic's `RESERVED_STEP_HANDLER_MAPPING`): `hold` parks the node in `* hold` until `unhold`,
 * `wait` sleeps `args.seconds`, and the three power actions.
 */
export const RESERVED_STEPS: readonly string[] = ['hold', 'wait', 'power_on', 'power_off', 'reboot'];

/** Longest `wait` step accepted, in seconds (it occupies a worker while it sleeps). */
const MAX_WAIT_STEP_SECONDS = 3600;

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

function reservedStep(r: RequestedStep): Step {
  if (r.step === 'wait') {
    const seconds = r.args?.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0) || seconds > MAX_WAIT_STEP_SECONDS) {
      throw new InvalidParameterValue(
        `The 'wait' step needs args.seconds between 0 and ${MAX_WAIT_STEP_SECONDS}.`,
      );
    }
  }
  return {
    step: r.step,
    interface: r.interface,
    priority: r.priority ?? 0,
    // A node parked by the conductor can always be aborted: no driver work is in flight.
    abortable: r.step === 'hold',
    argsinfo: null,
    requiresRamdisk: false,
    ...(r.args ? { args: r.args } : {}),
  };
}

/**
 * The step list to run: enabled steps (priority > 0) merged with `requested` ones (which override
 * priority/args of the same step, or add priority-0 steps), sorted as Ironic does. For manual cleaning
 * and servicing (`manual`), exactly the requested steps in the given order. Reserved conductor steps
 * (`hold`, `wait`, power actions) are accepted on any interface.
 */
export async function planSteps(
  task: ConductorTask,
  kind: RunKind,
  requested: readonly RequestedStep[] = [],
  manual = false,
): Promise<Step[]> {
  const available = await availableSteps(task, kind);
  const find = (r: RequestedStep): Step => {
    if (RESERVED_STEPS.includes(r.step)) return reservedStep(r);
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

/** The step the node is in (running, waiting for a callback, or held), or `null`. */
export function currentStep(task: ConductorTask, kind: RunKind): Step | null {
  if (kind === 'deploy') return task.node.deployStep;
  if (kind === 'clean') return task.node.cleanStep;
  return task.node.serviceStep;
}

function setCurrentStep(task: ConductorTask, kind: RunKind, step: Step | null): void {
  if (kind === 'deploy') task.node.deployStep = step;
  else if (kind === 'clean') task.node.cleanStep = step;
  else task.node.serviceStep = step;
}

/** Removes the plan and the current step from the node. */
export function clearPlan(task: ConductorTask, kind: RunKind): void {
  delete task.node.driverInternalInfo[STEPS_KEY[kind]];
  delete task.node.driverInternalInfo[INDEX_KEY[kind]];
  setCurrentStep(task, kind, null);
}

/**
 * Result of {@link runSteps}: every step ran (`done`), a step continues asynchronously (`wait`), or a
 * reserved `hold` step parked the node (`hold`).
 */
export type StepsOutcome = 'done' | 'wait' | 'hold';

async function runReservedStep(task: ConductorTask, step: Step): Promise<'hold' | undefined> {
  const power = task.driver.power;
  switch (step.step) {
    case 'hold':
      return 'hold';
    case 'wait':
      await sleep(Number(step.args?.seconds ?? 0) * 1000);
      return undefined;
    case 'power_on':
    case 'power_off':
      await power.setPowerState(task, step.step === 'power_on' ? PowerState.ON : PowerState.OFF);
      task.node.powerState = step.step === 'power_on' ? PowerState.ON : PowerState.OFF;
      return undefined;
    default:
      await power.reboot(task);
      task.node.powerState = PowerState.ON;
      return undefined;
  }
}

/**
 * Runs the stored plan from its index. Progress (current step, next index) is saved after every step
 * so an interrupted run resumes at the step it was in. A step returning the `*wait` state stops the
 * run (`'wait'`): the driver or agent continues it later through `continueNode*`.
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
    setCurrentStep(task, kind, step);
    await task.save();
    task.logger.info({ step: `${step.interface}.${step.step}`, kind }, 'executing step');
    let result: StepResult | 'hold';
    if (RESERVED_STEPS.includes(step.step)) {
      result = await runReservedStep(task, step);
    } else {
      const impl = task.driver[step.interface];
      result =
        kind === 'deploy'
          ? await impl.executeDeployStep(task, step)
          : kind === 'clean'
            ? await impl.executeCleanStep(task, step)
            : await impl.executeServiceStep(task, step);
    }
    // The index moves past the step before we wait or hold: the callback (or unhold) continues with
    // the next one, as Ironic does.
    task.node.driverInternalInfo[INDEX_KEY[kind]] = plan.index + 1;
    if (result === 'hold') {
      await task.save();
      return 'hold';
    }
    if (result === WAIT[kind]) {
      await task.save();
      return 'wait';
    }
  }
}
