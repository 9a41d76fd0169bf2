import { DriverLoadError } from '../errors/catalog.js';
import { AbstractHardwareType, type HardwareTypeClass } from '../hardware-type.js';
import type { BaseInterface, ImplementationClass } from '../interfaces/base-interface.js';
import { INTERFACE_TYPES, type InterfaceType, isInterfaceType } from '../interfaces/interface-type.js';
import type { Logger } from '../logger.js';
import type { ServiceProvider, ServiceToken } from './services.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** Implementations a plugin contributes, per interface type, keyed by public (hyphenated) name. @public */
export type PluginInterfaces = {
  readonly [K in InterfaceType]?: Readonly<Record<string, ImplementationClass>>;
};

/**
 * What a plugin's `register` receives: its validated configuration section and the
 * conductor's logger, lifecycle and services. `register` runs once per conductor (two
 * conductors in one process each get their own env, settings and services).
 * @public
 */
export interface PluginEnv<Config = unknown> {
  /** The plugin's section of the service configuration, validated by its `configSchema`. */
  readonly config: Config;
  /** The conductor's logger, bound to `{ plugin: id }`. */
  readonly logger: Logger;
  /** Register a hardware type under its public name. */
  registerHardwareType(name: string, cls: HardwareTypeClass): void;
  /** Register an implementation of `type` under its public name. */
  registerInterface(type: InterfaceType, name: string, cls: ImplementationClass): void;
  /**
   * Provide a per-conductor service (settings, a session pool…) that implementations receive
   * with {@link inject}. A factory runs on first use; what it built is disposed of (`dispose()`
   * or `close()`) when the conductor stops.
   */
  provide<T>(token: ServiceToken<T>, provider: ServiceProvider<T>): void;
  /** Run `hook` when the conductor stops (hooks run newest first, before services are disposed). */
  onShutdown(hook: () => void | Promise<void>): void;
}

/** What a driver package passes to {@link definePlugin}. @public */
export interface PluginSpec<Config = unknown> {
  /** Package name, for messages (`@acme/ferric-driver`). */
  name: string;
  /**
   * Short id naming the plugin's section of the service configuration (`boot`, `redfish`).
   * Default: `name`.
   */
  id?: string;
  /** Plugins this one needs loaded first (a shared settings plugin…); loaded once each. */
  requires?: readonly FerricPlugin[];
  /** Validates the plugin's configuration section (zod, valibot… anything Standard Schema). */
  configSchema?: StandardSchemaV1<unknown, Config>;
  /** Hardware types keyed by public name (`acme-hw`). */
  hardwareTypes?: Readonly<Record<string, HardwareTypeClass>>;
  /** Interface implementations keyed by type, then public name. */
  interfaces?: PluginInterfaces;
  /** Called once per conductor with its env: register what needs settings, provide services. */
  register?(env: PluginEnv<Config>): void;
}

/**
 * A validated, branded plugin. The brand (not `instanceof`) identifies it, so a
 * driver built against another copy of `@ferric/core` still loads.
 * @public
 */
export interface FerricPlugin<Config = unknown> {
  readonly $$type: '@ferric/plugin';
  readonly version: 'v1';
  /** See {@link PluginSpec.name}. */
  readonly name: string;
  /** See {@link PluginSpec.id}; always set. */
  readonly id: string;
  /** See {@link PluginSpec.requires}. */
  readonly requires: readonly FerricPlugin[];
  /** See {@link PluginSpec.configSchema}. */
  readonly configSchema?: StandardSchemaV1<unknown, Config> | undefined;
  /** See {@link PluginSpec.hardwareTypes}. */
  readonly hardwareTypes: Readonly<Record<string, HardwareTypeClass>>;
  /** See {@link PluginSpec.interfaces}. */
  readonly interfaces: PluginInterfaces;
  /** See {@link PluginSpec.register}. */
  register?(env: PluginEnv<Config>): void;
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
  if (spec.id !== undefined && (typeof spec.id !== 'string' || !/^[A-Za-z0-9@][\w@./-]*$/.test(spec.id)))
    fail(label, "'id' must be a non-empty string of letters, digits and @ . / _ -.");
  if (spec.register !== undefined && typeof spec.register !== 'function')
    fail(label, "'register' must be a function (env) => void.");
  const schema = spec.configSchema as { '~standard'?: { validate?: unknown } } | undefined;
  if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function')
    fail(
      label,
      "'configSchema' must be a Standard Schema (zod, valibot…): it has no ['~standard'].validate.",
    );
  const requires = spec.requires ?? [];
  if (!Array.isArray(requires)) fail(label, "'requires' must be an array of plugins.");
  for (const [i, dep] of requires.entries()) {
    if ((dep as Partial<FerricPlugin> | undefined)?.$$type !== '@ferric/plugin')
      fail(label, `requires[${i}] is not a plugin created with definePlugin().`);
  }
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
  const plugin: FerricPlugin = {
    $$type: '@ferric/plugin',
    version: 'v1',
    name: spec.name,
    id: spec.id ?? spec.name,
    requires: [...requires],
    configSchema: spec.configSchema,
    hardwareTypes: { ...hardwareTypes },
    interfaces: { ...interfaces },
  };
  if (spec.register) plugin.register = spec.register.bind(spec);
  return plugin;
}

/**
 * Declare what a driver package contributes. Export the result as the package's
 * default export (or as `plugin`) so runtimes can load it by module specifier.
 * Static contributions go in `hardwareTypes`/`interfaces`; anything that needs
 * settings or a per-conductor resource goes in `register` (see {@link PluginEnv}).
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: '@acme/ferric-driver',
 *   id: 'acme',
 *   configSchema: z.object({ timeoutMs: z.number().default(5000) }).default({ timeoutMs: 5000 }),
 *   hardwareTypes: { 'acme-hw': AcmeHardware },
 *   register(env) {
 *     env.provide(ACME_SESSIONS, { useFactory: () => new AcmeSessionPool(env.config.timeoutMs) });
 *     env.registerInterface('power', 'acme-power', AcmePower); // AcmePower @inject(ACME_SESSIONS)
 *   },
 * });
 * ```
 * @public
 */
export function definePlugin<Config = unknown>(spec: PluginSpec<Config>): FerricPlugin<Config> {
  return validatePlugin(spec, spec?.name ? `'${spec.name}'` : 'plugin') as FerricPlugin<Config>;
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
