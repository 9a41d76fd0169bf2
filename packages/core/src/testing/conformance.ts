import { collectPeriodicTasks } from '../decorators/collect-periodics.js';
import { collectPassthruRoutes } from '../decorators/passthru.js';
import { collectSteps, type StepKind, sortSteps } from '../decorators/steps.js';
import { isFerricError } from '../errors/ferric-error.js';
import { AbstractHardwareType, type HardwareTypeClass } from '../hardware-type.js';
import type { BaseInterface, ImplementationClass } from '../interfaces/base-interface.js';
import { CORE_INTERFACES, INTERFACE_TYPES, type InterfaceType } from '../interfaces/interface-type.js';
import type { DriverInterfaces } from '../task.js';
import { createTestTask } from './test-task.js';

/** One check of the conformance suite and its outcome. @public */
export interface ConformanceCheck {
  /** Short, stable name (`required-interfaces`, `validate-missing:power:AcmePower`…). */
  name: string;
  ok: boolean;
  /** What is wrong, when `ok` is false. */
  message?: string;
}

/** The outcome of {@link checkConformance}. @public */
export interface ConformanceReport {
  hardwareType: string;
  ok: boolean;
  checks: ConformanceCheck[];
  /** Only the failed checks. */
  failures: ConformanceCheck[];
}

const STEP_KINDS: readonly StepKind[] = ['clean', 'deploy', 'verify', 'service'];

function implementationsOf(hw: AbstractHardwareType): [InterfaceType, ImplementationClass][] {
  const result: [InterfaceType, ImplementationClass][] = [];
  for (const type of INTERFACE_TYPES) {
    for (const ref of hw.supportedInterfaces(type)) if (typeof ref !== 'string') result.push([type, ref]);
  }
  return result;
}

/**
 * Run the driver conformance checks against a hardware type (and every
 * implementation class it lists) and report each one. Pure: no test framework
 * needed. Use {@link describeConformance} inside vitest.
 *
 * Checks: the core interfaces are present and of the right type; every property
 * has a description; `validate` rejects a node without its required driver_info
 * with `MissingParameterValue`; step metadata is well formed and sortable;
 * periodic spacings are valid; passthru routes are unique.
 * @public
 */
export async function checkConformance(
  hardwareType: HardwareTypeClass | AbstractHardwareType,
): Promise<ConformanceReport> {
  const checks: ConformanceCheck[] = [];
  const check = async (name: string, body: () => void | Promise<void>) => {
    try {
      await body();
      checks.push({ name, ok: true });
    } catch (error) {
      checks.push({ name, ok: false, message: (error as Error).message });
    }
  };
  const hw = hardwareType instanceof AbstractHardwareType ? hardwareType : new hardwareType();
  const hwName = hw.constructor.name;

  await check('required-interfaces', () => {
    for (const type of CORE_INTERFACES) {
      if (hw.supportedInterfaces(type).length === 0) {
        throw new Error(
          `${hwName} lists no ${type} interface; boot, deploy, management, network and power are required.`,
        );
      }
    }
    for (const type of INTERFACE_TYPES) {
      if (!Array.isArray(hw.supportedInterfaces(type)))
        throw new Error(`${hwName}.supported ${type} interfaces is not a list.`);
    }
  });

  await check('interface-types', () => {
    for (const [type, cls] of implementationsOf(hw)) {
      const declared = (cls.prototype as BaseInterface).interfaceType;
      if (declared !== type) {
        throw new Error(
          `${cls.name} is listed as a ${type} interface of ${hwName} but implements '${String(declared)}'.`,
        );
      }
    }
  });

  const instances = new Map<ImplementationClass, BaseInterface>();
  await check('instantiable', () => {
    for (const [, cls] of implementationsOf(hw)) if (!instances.has(cls)) instances.set(cls, new cls());
  });

  await check('properties-described', () => {
    for (const [cls, impl] of instances) {
      const props = impl.getProperties();
      if (typeof props !== 'object' || props === null)
        throw new Error(`${cls.name}.getProperties() must return an object.`);
      for (const [key, desc] of Object.entries(props)) {
        if (!desc || typeof desc.description !== 'string' || desc.description.trim() === '') {
          throw new Error(`${cls.name}.getProperties().${key} has no description.`);
        }
      }
    }
  });

  for (const [type, cls] of implementationsOf(hw)) {
    const impl = instances.get(cls);
    if (!impl) continue;
    let props: Record<string, { required?: boolean }> = {};
    try {
      props = impl.getProperties();
    } catch {}
    const required = Object.entries(props)
      .filter(([, d]) => d.required)
      .map(([k]) => k);
    if (required.length === 0) continue;
    await check(`validate-missing:${type}:${cls.name}`, async () => {
      const driver = { [type]: impl } as unknown as DriverInterfaces;
      const task = createTestTask({ driverInfo: {} }, { driver });
      try {
        await impl.validate(task);
      } catch (error) {
        if (isFerricError(error) && error.code === 'MissingParameterValue') return;
        throw new Error(
          `${cls.name}.validate() with empty driver_info threw ${(error as Error).name} instead of MissingParameterValue: ${(error as Error).message}`,
        );
      }
      throw new Error(
        `${cls.name}.validate() accepted a node without its required driver_info (${required.join(', ')}).`,
      );
    });
  }

  await check('steps-well-formed', () => {
    for (const kind of STEP_KINDS) {
      const all = [];
      for (const [type, cls] of implementationsOf(hw)) {
        const impl = instances.get(cls);
        if (!impl) continue;
        for (const step of collectSteps(impl, kind, type)) {
          if (!Number.isInteger(step.priority) || step.priority < 0) {
            throw new Error(`${cls.name}.${step.step} has invalid ${kind} step priority ${step.priority}.`);
          }
          if (typeof (impl as unknown as Record<string, unknown>)[step.step] !== 'function') {
            throw new Error(`${cls.name}.${step.step} is declared a ${kind} step but is not a method.`);
          }
          all.push(step);
        }
      }
      const sorted = sortSteps(all, kind);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i - 1]!.priority < sorted[i]!.priority)
          throw new Error(`${kind} steps do not sort by priority.`);
      }
    }
  });

  await check('periodics-valid', () => {
    const tasks = collectPeriodicTasks([hw, ...instances.values()], { includeDisabled: true });
    for (const task of tasks) {
      if (task.enabled && task.spacing <= 0)
        throw new Error(`${task.name} is enabled with spacing ${task.spacing}.`);
    }
  });

  await check('passthru-routes-unique', () => {
    for (const [, impl] of instances) collectPassthruRoutes(impl);
  });

  const failures = checks.filter((c) => !c.ok);
  return { hardwareType: hwName, ok: failures.length === 0, checks, failures };
}

/**
 * Throw an error listing every failed check, or resolve quietly.
 * @public
 */
export async function assertConformance(
  hardwareType: HardwareTypeClass | AbstractHardwareType,
): Promise<ConformanceReport> {
  const report = await checkConformance(hardwareType);
  if (!report.ok) {
    const lines = report.failures.map((f) => `  - ${f.name}: ${f.message}`);
    throw new Error(`${report.hardwareType} fails the Ferric driver conformance suite:\n${lines.join('\n')}`);
  }
  return report;
}
