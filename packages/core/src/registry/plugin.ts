import { DriverLoadError } from '../errors/catalog.js';
import { AbstractHardwareType, type HardwareTypeClass } from '../hardware-type.js';
import type { BaseInterface, ImplementationClass } from '../interfaces/base-interface.js';
import { INTERFACE_TYPES, type InterfaceType, isInterfaceType } from '../interfaces/interface-type.js';

/** Implementations a plugin contributes, per interface type, keyed by public (hyphenated) name. @public */
export type PluginInterfaces = {
  readonly [K in InterfaceType]?: Readonly<Record<string, ImplementationClass>>;
};

/** What a driver package passes to {@link definePlugin}. @public */
export interface PluginSpec {
  /** Package name, for messages (`@acme/ferric-driver`). */
  name: string;
  /** Hardware types keyed by public name (`acme-hw`). */
  hardwareTypes?: Readonly<Record<string, HardwareTypeClass>>;
  /** Interface implementations keyed by type, then public name. */
  interfaces?: PluginInterfaces;
}

/**
 * A validated, branded plugin. The brand (not `instanceof`) identifies it, so a
 * driver built against another copy of `@ferric/core` still loads.
 * @public
 */
export interface FerricPlugin extends Required<PluginSpec> {
  readonly $$type: '@ferric/plugin';
  readonly version: 'v1';
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

function fail(source: string, message: string): never {
  throw new DriverLoadError(`Invalid Ferric plugin ${source}: ${message}`);
}

function isClass(value: unknown): value is new () => unknown {
  return typeof value === 'function' && typeof (value as { prototype?: unknown }).prototype === 'object';
}

/** The `interfaceType` a class declares, read from its prototype without instantiating it. */
function declaredInterfaceType(cls: new () => unknown): unknown {
  try {
    return (cls.prototype as Partial<BaseInterface>).interfaceType;
  } catch {
    return undefined;
  }
}

function looksLikeHardwareType(cls: new () => unknown): boolean {
  if (cls.prototype instanceof AbstractHardwareType) return true;
  // Another copy of @ferric/core: duck-type on the accessor every hardware type has.
  return typeof (cls.prototype as Partial<AbstractHardwareType>).supportedInterfaces === 'function';
}

/**
 * Check a plugin's shape and throw {@link DriverLoadError} saying exactly what is
 * wrong: a bad name, an unknown interface type, a class registered under the
 * wrong interface type, something that is not a class.
 * @public
 */
export function validatePlugin(value: unknown, source = 'plugin'): FerricPlugin {
  if (typeof value !== 'object' || value === null)
    fail(source, 'expected an object created with definePlugin().');
  const spec = value as Partial<FerricPlugin>;
  if (typeof spec.name !== 'string' || spec.name.length === 0)
    fail(source, "'name' must be a non-empty string.");
  const label = `${source} (${spec.name})`;
  const hardwareTypes = spec.hardwareTypes ?? {};
  const interfaces = spec.interfaces ?? {};
  if (typeof hardwareTypes !== 'object') fail(label, "'hardwareTypes' must be an object of { name: class }.");
  if (typeof interfaces !== 'object')
    fail(label, "'interfaces' must be an object of { type: { name: class } }.");

  for (const [name, cls] of Object.entries(hardwareTypes)) {
    if (!NAME_PATTERN.test(name))
      fail(label, `hardware type name '${name}' must be lower-case and hyphenated.`);
    if (!isClass(cls) || !looksLikeHardwareType(cls)) {
      fail(label, `hardware type '${name}' is not a class extending AbstractHardwareType.`);
    }
  }
  for (const [type, impls] of Object.entries(interfaces)) {
    if (!isInterfaceType(type)) {
      fail(label, `unknown interface type '${type}' (expected one of: ${INTERFACE_TYPES.join(', ')}).`);
    }
    if (typeof impls !== 'object' || impls === null)
      fail(label, `interfaces.${type} must be an object of { name: class }.`);
    for (const [name, cls] of Object.entries(impls)) {
      if (!NAME_PATTERN.test(name))
        fail(label, `${type} interface name '${name}' must be lower-case and hyphenated.`);
      if (!isClass(cls)) fail(label, `${type} interface '${name}' is not a class.`);
      const declared = declaredInterfaceType(cls);
      if (declared !== type) {
        fail(
          label,
          `${type} interface '${name}' (${cls.name}) implements '${String(declared)}', not '${type}': extend the ${type} interface base class.`,
        );
      }
    }
  }
  return {
    $$type: '@ferric/plugin',
    version: 'v1',
    name: spec.name,
    hardwareTypes: { ...hardwareTypes },
    interfaces: { ...interfaces },
  };
}

/**
 * Declare what a driver package contributes. Export the result as the package's
 * default export (or as `plugin`) so runtimes can load it by module specifier.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: '@acme/ferric-driver',
 *   hardwareTypes: { 'acme-hw': AcmeHardware },
 *   interfaces: { power: { 'acme-power': AcmePower }, vendor: { acme: AcmeVendor } },
 * });
 * ```
 * @public
 */
export function definePlugin(spec: PluginSpec): FerricPlugin {
  return validatePlugin(spec, spec?.name ? `'${spec.name}'` : 'plugin');
}

/**
 * Import a plugin by module specifier (package name or file URL/path) and validate
 * it. The module must default-export a plugin or export it as `plugin`.
 * @throws {@link DriverLoadError} with the cause when the import fails or the export is wrong.
 * @public
 */
export async function loadPlugin(specifier: string): Promise<FerricPlugin> {
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new DriverLoadError(`Cannot import Ferric plugin '${specifier}': ${(cause as Error).message}`, {
      cause,
    });
  }
  const candidate = module.default ?? module.plugin;
  if (candidate === undefined) {
    throw new DriverLoadError(
      `Module '${specifier}' has no Ferric plugin: default-export the result of definePlugin() (or export it as 'plugin').`,
    );
  }
  return validatePlugin(candidate, `'${specifier}'`);
}
