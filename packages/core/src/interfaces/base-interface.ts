import { collectSteps, type Step, type StepKind } from '../decorators/steps.js';
import { InvalidParameterValue, MissingParameterValue } from '../errors/catalog.js';
import type { ProvisionState } from '../states/provision-states.js';
import type { Task } from '../task.js';
import type { InterfaceType } from './interface-type.js';

/** Description of one `driver_info` (or `instance_info`) key an implementation reads. @public */
export interface PropertyDescription {
  /**
   * Human-readable meaning, shown by `GET /v1/drivers/{name}/properties`; the API ends a required
   * key's text with "Required." (as Ironic's texts do), so there is no need to write it.
   */
  description: string;
  /** Whether the key must be present for `validate` to pass. */
  required?: boolean;
  /** The value is a secret: masked (`******`) in API responses and never logged. */
  secret?: boolean;
}

/** `{ driver_info key: description }`. @public */
export type PropertyDescriptions = Readonly<Record<string, PropertyDescription>>;

/**
 * What a step returns: nothing when it finished, or the matching wait state when it
 * continues asynchronously (the agent or a periodic calls back later).
 * @public
 */
export type StepResult =
  | undefined
  | typeof ProvisionState.CLEANWAIT
  | typeof ProvisionState.DEPLOYWAIT
  | typeof ProvisionState.SERVICEWAIT;

type StepMethod = (task: Task, args: Readonly<Record<string, unknown>>) => unknown;

/**
 * Base of every hardware interface (Ironic `BaseInterface`).
 *
 * Implementations are process-wide singletons shared by all nodes: keep them
 * stateless and keep node state in the node (`driverInfo`, `driverInternalInfo`…).
 * Steps are found by reflection on `@cleanStep`, `@deployStep`, `@verifyStep` and
 * `@serviceStep` metadata.
 * @public
 */
export abstract class BaseInterface {
  /** False marks an implementation as untested/deprecated; runtimes warn when loading it. */
  static supported = true;

  /** The interface type this class implements. */
  abstract get interfaceType(): InterfaceType;

  /** `{ driver_info key: description }` of everything this implementation reads. */
  abstract getProperties(): PropertyDescriptions;

  /**
   * Check that the node has what this implementation needs, cheaply (the API calls it
   * synchronously). Throw {@link MissingParameterValue} / {@link InvalidParameterValue}.
   */
  abstract validate(task: Task): void | Promise<void>;

  #steps?: Map<StepKind, Step[]>;

  /** Steps of `kind` declared on this implementation, computed once. */
  protected declaredSteps(kind: StepKind): Step[] {
    this.#steps ??= new Map();
    let steps = this.#steps.get(kind);
    if (!steps) {
      steps = collectSteps(this, kind, this.interfaceType);
      this.#steps.set(kind, steps);
    }
    return steps;
  }

  /** Clean steps this implementation offers for `task`'s node. */
  async getCleanSteps(_task: Task): Promise<Step[]> {
    return this.declaredSteps('clean');
  }

  /** Deploy steps this implementation offers for `task`'s node. */
  async getDeploySteps(_task: Task): Promise<Step[]> {
    return this.declaredSteps('deploy');
  }

  /** Verify steps (run on `manage`). */
  async getVerifySteps(_task: Task): Promise<Step[]> {
    return this.declaredSteps('verify');
  }

  /** Service steps (run on request on active nodes). */
  async getServiceSteps(_task: Task): Promise<Step[]> {
    return this.declaredSteps('service');
  }

  /** Run a clean step; returns `'clean wait'` when it goes on asynchronously. */
  executeCleanStep(task: Task, step: Pick<Step, 'step' | 'args'>): Promise<StepResult> {
    return this.executeStep('clean', task, step);
  }

  /** Run a deploy step; returns `'wait call-back'` when it goes on asynchronously. */
  executeDeployStep(task: Task, step: Pick<Step, 'step' | 'args'>): Promise<StepResult> {
    return this.executeStep('deploy', task, step);
  }

  /** Run a verify step (synchronous by contract). */
  executeVerifyStep(task: Task, step: Pick<Step, 'step' | 'args'>): Promise<StepResult> {
    return this.executeStep('verify', task, step);
  }

  /** Run a service step. */
  executeServiceStep(task: Task, step: Pick<Step, 'step' | 'args'>): Promise<StepResult> {
    return this.executeStep('service', task, step);
  }

  /**
   * Look the step up among the declared ones, check required arguments and unknown
   * ones against `argsinfo`, then call the method with `(task, args)`.
   */
  protected async executeStep(
    kind: StepKind,
    task: Task,
    step: Pick<Step, 'step' | 'args'>,
  ): Promise<StepResult> {
    const declared = this.declaredSteps(kind).find((s) => s.step === step.step);
    if (!declared) {
      throw new InvalidParameterValue(
        `${this.interfaceType} interface ${this.constructor.name} has no ${kind} step '${step.step}'.`,
      );
    }
    const args = step.args ?? {};
    const info = declared.argsinfo ?? {};
    const missing = Object.entries(info)
      .filter(([name, arg]) => arg.required && !(name in args))
      .map(([name]) => name);
    if (missing.length > 0) {
      throw new MissingParameterValue(
        `${kind} step '${step.step}' is missing required arguments: ${missing.join(', ')}.`,
      );
    }
    const unknown = Object.keys(args).filter((name) => !(name in info));
    if (unknown.length > 0) {
      throw new InvalidParameterValue(
        `${kind} step '${step.step}' got unknown arguments: ${unknown.join(', ')}.`,
      );
    }
    const method = (this as unknown as Record<string, StepMethod>)[step.step];
    if (typeof method !== 'function') {
      throw new InvalidParameterValue(`Step '${step.step}' is not a method of ${this.constructor.name}.`);
    }
    return ((await method.call(this, task, args)) ?? undefined) as StepResult;
  }
}

/**
 * A concrete implementation class. Its constructor takes no arguments, or only services
 * declared with `@inject` (the runtime passes them).
 * @public
 */
export type ImplementationClass<T extends BaseInterface = BaseInterface> = (new (
  ...services: never[]
) => T) & {
  prototype: T;
  supported?: boolean;
};

/**
 * Throw {@link MissingParameterValue} when a required key of `properties` is absent
 * (or empty) in `info` — Ironic's `check_for_missing_params`.
 * @public
 */
export function checkRequiredProperties(
  properties: PropertyDescriptions,
  info: Readonly<Record<string, unknown>>,
  what = 'driver_info',
): void {
  const missing = Object.entries(properties)
    .filter(
      ([key, desc]) => desc.required && (info[key] === undefined || info[key] === null || info[key] === ''),
    )
    .map(([key]) => key);
  if (missing.length > 0) {
    throw new MissingParameterValue(
      `The following parameters were missing in ${what}: ${missing.join(', ')}.`,
      {
        details: { missing },
      },
    );
  }
}
