import { InvalidDecoratorUsage } from '../errors/catalog.js';
import type { InterfaceType } from '../interfaces/interface-type.js';
import { STEP_METADATA } from '../metadata-keys.js';
import { defineMethodMetadata, getMethodMetadata, type MethodDecorator, methodNames } from './reflection.js';

/** The kinds of steps a method can be declared as. @public */
export type StepKind = 'clean' | 'deploy' | 'verify' | 'service';

/** Description of one step argument (Ironic `argsinfo` entry). @public */
export interface ArgInfo {
  /** What the argument means (required). */
  description: string;
  /** Whether callers must pass it (default `false`). */
  required?: boolean;
}

/** Options every step kind shares. @public */
export interface StepOptions {
  /** `> 0`: runs by default (automated cleaning / default deploy); `0`: only when requested. */
  priority: number;
  /** Whether `abort` may interrupt it while it waits. */
  abortable?: boolean;
  /** The arguments it accepts. */
  argsinfo?: Readonly<Record<string, ArgInfo>>;
  /** Whether it needs the ramdisk agent booted (clean and service steps). */
  requiresRamdisk?: boolean;
}

/**
 * A step as drivers report it and the conductor runs it (Ironic's step dict).
 * @public
 */
export interface Step {
  /** Method name on the interface. */
  step: string;
  /** Interface type that implements it. */
  interface: InterfaceType;
  priority: number;
  abortable: boolean;
  argsinfo: Readonly<Record<string, ArgInfo>> | null;
  requiresRamdisk: boolean;
  /** Arguments given by the requester. */
  args?: Readonly<Record<string, unknown>>;
}

type StepMetadata = Partial<
  Record<StepKind, Required<Omit<StepOptions, 'argsinfo'>> & Pick<StepOptions, 'argsinfo'>>
>;

function validateOptions(kind: StepKind, options: StepOptions): void {
  if (!Number.isInteger(options.priority) || options.priority < 0) {
    throw new InvalidDecoratorUsage(
      `@${kind}Step priority must be an integer >= 0, got ${String(options.priority)}.`,
    );
  }
  for (const [name, info] of Object.entries(options.argsinfo ?? {})) {
    if (
      typeof info !== 'object' ||
      info === null ||
      typeof info.description !== 'string' ||
      !info.description
    ) {
      throw new InvalidDecoratorUsage(`@${kind}Step argsinfo '${name}' needs a non-empty 'description'.`);
    }
    const extra = Object.keys(info).filter((key) => key !== 'description' && key !== 'required');
    if (extra.length > 0) {
      throw new InvalidDecoratorUsage(
        `@${kind}Step argsinfo '${name}' has unknown keys: ${extra.join(', ')} (allowed: description, required).`,
      );
    }
    if (info.required !== undefined && typeof info.required !== 'boolean') {
      throw new InvalidDecoratorUsage(`@${kind}Step argsinfo '${name}'.required must be a boolean.`);
    }
  }
}

function stepDecorator(
  kind: StepKind,
  options: StepOptions,
  defaults: { abortable: boolean },
): MethodDecorator {
  validateOptions(kind, options);
  return (target, propertyKey) => {
    const existing = getMethodMetadata<StepMetadata>(STEP_METADATA, target, propertyKey) ?? {};
    const value: StepMetadata = {
      ...existing,
      [kind]: {
        priority: options.priority,
        abortable: options.abortable ?? defaults.abortable,
        argsinfo: options.argsinfo,
        requiresRamdisk: options.requiresRamdisk ?? true,
      },
    };
    defineMethodMetadata(STEP_METADATA, value, target, propertyKey);
  };
}

/**
 * Declare a clean step (Ironic `@clean_step`). Priority `> 0` runs in automated
 * cleaning; `0` only in manual cleaning. The method gets `(task, args)` and returns
 * nothing when done, or {@link ProvisionState.CLEANWAIT} when it finishes asynchronously.
 * @public
 */
export function cleanStep(options: StepOptions): MethodDecorator {
  return stepDecorator('clean', options, { abortable: false });
}

/** Declare a deploy step (Ironic `@deploy_step`; abortable unless said otherwise, as there). @public */
export function deployStep(options: StepOptions): MethodDecorator {
  return stepDecorator('deploy', options, { abortable: true });
}

/** Declare a verify step (Ironic `@verify_step`), run on `manage`. Synchronous only. @public */
export function verifyStep(options: Pick<StepOptions, 'priority'>): MethodDecorator {
  return stepDecorator('verify', options, { abortable: false });
}

/** Declare a service step (Ironic `@service_step`), run on request on active nodes. @public */
export function serviceStep(options: StepOptions): MethodDecorator {
  return stepDecorator('service', options, { abortable: false });
}

/**
 * Every step of `kind` declared on `instance` (and its base classes).
 * `interfaceType` is recorded on each step.
 * @public
 */
export function collectSteps(instance: object, kind: StepKind, interfaceType: InterfaceType): Step[] {
  const steps: Step[] = [];
  for (const name of methodNames(instance)) {
    const meta = getMethodMetadata<StepMetadata>(STEP_METADATA, instance, name)?.[kind];
    if (!meta) continue;
    steps.push({
      step: name,
      interface: interfaceType,
      priority: meta.priority,
      abortable: meta.abortable,
      argsinfo: meta.argsinfo ?? null,
      requiresRamdisk: meta.requiresRamdisk,
    });
  }
  return steps;
}

/** Tie-breaker when two clean or deploy steps share a priority (higher first). @public */
export const CLEANING_INTERFACE_PRIORITY: Readonly<Partial<Record<InterfaceType, number>>> = {
  vendor: 7,
  power: 6,
  management: 5,
  firmware: 4,
  deploy: 3,
  bios: 2,
  raid: 1,
};

/** Same as {@link CLEANING_INTERFACE_PRIORITY}, for deploy steps. @public */
export const DEPLOYING_INTERFACE_PRIORITY: Readonly<Partial<Record<InterfaceType, number>>> =
  CLEANING_INTERFACE_PRIORITY;

/** Servicing adds the network interface on top. @public */
export const SERVICING_INTERFACE_PRIORITY: Readonly<Partial<Record<InterfaceType, number>>> = {
  ...CLEANING_INTERFACE_PRIORITY,
  network: 8,
};

/** Tie-breaker for verify steps, covering every interface. @public */
export const VERIFYING_INTERFACE_PRIORITY: Readonly<Partial<Record<InterfaceType, number>>> = {
  power: 13,
  management: 12,
  firmware: 11,
  inspect: 10,
  deploy: 9,
  boot: 8,
  bios: 7,
  raid: 6,
  vendor: 5,
  network: 4,
  storage: 3,
  console: 2,
  rescue: 1,
};

/** The tie-breaker table for each step kind. @public */
export const INTERFACE_PRIORITY: Readonly<
  Record<StepKind, Readonly<Partial<Record<InterfaceType, number>>>>
> = {
  clean: CLEANING_INTERFACE_PRIORITY,
  deploy: DEPLOYING_INTERFACE_PRIORITY,
  verify: VERIFYING_INTERFACE_PRIORITY,
  service: SERVICING_INTERFACE_PRIORITY,
};

/**
 * Order steps the way Ironic runs them: by priority, then by interface priority,
 * both descending. Stable for equal keys. Returns a new array.
 * @public
 */
export function sortSteps<T extends Pick<Step, 'priority' | 'interface'>>(
  steps: readonly T[],
  kind: StepKind = 'clean',
): T[] {
  const table = INTERFACE_PRIORITY[kind];
  return [...steps].sort(
    (a, b) => b.priority - a.priority || (table[b.interface] ?? 0) - (table[a.interface] ?? 0),
  );
}
