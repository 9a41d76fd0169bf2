import { DriverLoadError, DriverNotFound, InterfaceNotFound } from '../errors/catalog.js';
import type { HardwareTypeClass } from '../hardware-type.js';
import type { ImplementationClass } from '../interfaces/base-interface.js';
import { INTERFACE_TYPES, type InterfaceType } from '../interfaces/interface-type.js';
import { type Logger, silentLogger } from '../logger.js';
import type { FerricPlugin, PluginEnv } from './plugin.js';
import { type ServiceProvider, ServiceScope, type ServiceToken } from './services.js';
import { validateSection } from './standard-schema.js';

/** What a {@link DriverRegistry} hands the plugins it loads. @public */
export interface DriverRegistryOptions {
  /** The service configuration: each plugin gets the section under its `id`. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Logger handed to plugins (as a child bound to the plugin id). Default: silent. */
  readonly logger?: Logger;
}

/**
 * Every hardware type and implementation known to a conductor, by public name
 * (Ironic's entry points), plus the services and shutdown hooks its plugins
 * registered. Several names may map to one class; one name may not map to two
 * classes. Build one per conductor: plugins' `register` runs once per registry.
 * @public
 */
export class DriverRegistry {
  readonly #options: DriverRegistryOptions;
  readonly #providers = new Map<
    symbol,
    { token: ServiceToken<unknown>; provider: ServiceProvider<unknown>; source: string }
  >();
  readonly #shutdownHooks: Array<{ source: string; hook: () => void | Promise<void> }> = [];
  readonly #loading = new Set<string>();
  readonly #hardwareTypes = new Map<string, { cls: HardwareTypeClass; source: string }>();
  readonly #interfaces = new Map<InterfaceType, Map<string, { cls: ImplementationClass; source: string }>>(
    INTERFACE_TYPES.map((type) => [type, new Map()]),
  );
  readonly #plugins = new Map<string, FerricPlugin>();
  /** First plugin that registered each class: qualifies periodic task ids (`@acme/x:Power.poll`). */
  readonly #pluginOfClass = new Map<unknown, string>();

  constructor(options: DriverRegistryOptions = {}) {
    this.#options = options;
  }

  /**
   * Register everything a plugin contributes: first the plugins it `requires`, then its
   * static `hardwareTypes`/`interfaces`, then whatever its `register` adds, given its
   * configuration section validated by its `configSchema`. Using the same plugin twice
   * is a no-op.
   * @throws {@link PluginConfigError} when the section is invalid; {@link DriverLoadError} on a
   * clash of names or services, or a plugin that requires itself.
   */
  use(plugin: FerricPlugin): this {
    if (this.#plugins.get(plugin.name) === plugin) return this;
    if (this.#loading.has(plugin.name)) {
      throw new DriverLoadError(
        `Plugin ${plugin.name} requires itself (through ${[...this.#loading].join(' → ')}).`,
      );
    }
    this.#loading.add(plugin.name);
    try {
      for (const dependency of plugin.requires) this.use(dependency);
      for (const [name, cls] of Object.entries(plugin.hardwareTypes)) {
        this.registerHardwareType(name, cls, plugin.name);
        this.#recordPlugin(cls, plugin.name);
      }
      for (const type of INTERFACE_TYPES) {
        for (const [name, cls] of Object.entries(plugin.interfaces[type] ?? {})) {
          this.registerInterface(type, name, cls, plugin.name);
          this.#recordPlugin(cls, plugin.name);
        }
      }
      plugin.register?.(this.#envFor(plugin));
    } finally {
      this.#loading.delete(plugin.name);
    }
    this.#plugins.set(plugin.name, plugin);
    return this;
  }

  #recordPlugin(cls: object, plugin: string): void {
    if (!this.#pluginOfClass.has(cls)) this.#pluginOfClass.set(cls, plugin);
  }

  #envFor(plugin: FerricPlugin): PluginEnv {
    const section = this.#options.config?.[plugin.id];
    const config = plugin.configSchema ? validateSection(plugin.configSchema, section, plugin.id) : section;
    const source = plugin.name;
    return {
      config,
      logger: (this.#options.logger ?? silentLogger).child({ plugin: plugin.id }),
      registerHardwareType: (name, cls) => {
        this.registerHardwareType(name, cls, source);
        this.#recordPlugin(cls, source);
      },
      registerInterface: (type, name, cls) => {
        this.registerInterface(type, name, cls, source);
        this.#recordPlugin(cls, source);
      },
      provide: (token, provider) => {
        const existing = this.#providers.get(token.key);
        if (existing) {
          throw new DriverLoadError(
            `${source} provides ${token.description}, which ${existing.source} already provides.`,
          );
        }
        this.#providers.set(token.key, { token, provider: provider as ServiceProvider<unknown>, source });
      },
      onShutdown: (hook) => void this.#shutdownHooks.push({ source, hook }),
    };
  }

  /**
   * A fresh {@link ServiceScope} over the services the loaded plugins provide: each
   * conductor builds its drivers from one and disposes of it when it stops.
   */
  createScope(): ServiceScope {
    return new ServiceScope(
      [...this.#providers.values()].map(({ token, provider }) => [token, provider] as const),
    );
  }

  /**
   * Run the plugins' `onShutdown` hooks, newest first; every hook runs even if one fails.
   * @throws AggregateError of the failures.
   */
  async shutdown(): Promise<void> {
    const errors: unknown[] = [];
    for (const { source, hook } of this.#shutdownHooks.splice(0).reverse()) {
      try {
        await hook();
      } catch (err) {
        errors.push(
          new DriverLoadError(`Shutdown hook of ${source} failed: ${(err as Error).message}`, { cause: err }),
        );
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'Plugin shutdown hooks failed.');
  }

  /** Register one hardware type under `name`. */
  registerHardwareType(name: string, cls: HardwareTypeClass, source = 'direct registration'): this {
    const existing = this.#hardwareTypes.get(name);
    if (existing && existing.cls !== cls) {
      throw new DriverLoadError(
        `Hardware type '${name}' from ${source} clashes with the one registered by ${existing.source}.`,
      );
    }
    this.#hardwareTypes.set(name, { cls, source });
    return this;
  }

  /** Register one implementation of `type` under `name`. */
  registerInterface(
    type: InterfaceType,
    name: string,
    cls: ImplementationClass,
    source = 'direct registration',
  ): this {
    const byName = this.#interfaces.get(type)!;
    const existing = byName.get(name);
    if (existing && existing.cls !== cls) {
      throw new DriverLoadError(
        `${type} interface '${name}' from ${source} clashes with the one registered by ${existing.source}.`,
      );
    }
    byName.set(name, { cls, source });
    return this;
  }

  /** Plugins registered so far. */
  get plugins(): readonly FerricPlugin[] {
    return [...this.#plugins.values()];
  }

  /** Names of every registered hardware type. */
  hardwareTypeNames(): string[] {
    return [...this.#hardwareTypes.keys()];
  }

  /** Names of every registered implementation of `type`. */
  interfaceNames(type: InterfaceType): string[] {
    return [...this.#interfaces.get(type)!.keys()];
  }

  /** The hardware type class registered as `name`. @throws {@link DriverNotFound} */
  hardwareType(name: string): HardwareTypeClass {
    const entry = this.#hardwareTypes.get(name);
    if (!entry) {
      throw new DriverNotFound(
        `Hardware type '${name}' is not registered (known: ${this.hardwareTypeNames().join(', ') || 'none'}). Is its plugin loaded?`,
      );
    }
    return entry.cls;
  }

  /** The implementation class registered as `name` for `type`. @throws {@link InterfaceNotFound} */
  implementation(type: InterfaceType, name: string): ImplementationClass {
    const entry = this.#interfaces.get(type)!.get(name);
    if (!entry) {
      throw new InterfaceNotFound(
        `No ${type} interface named '${name}' is registered (known: ${this.interfaceNames(type).join(', ') || 'none'}). Is its plugin loaded?`,
      );
    }
    return entry.cls;
  }

  /**
   * Name of the plugin that registered `cls` (a hardware type or implementation class), or
   * `undefined` for a class registered directly or not at all.
   */
  pluginOf(cls: object): string | undefined {
    return this.#pluginOfClass.get(cls);
  }

  /** Public names under which `cls` is registered for `type`. */
  namesOf(type: InterfaceType, cls: ImplementationClass): string[] {
    return [...this.#interfaces.get(type)!.entries()].filter(([, e]) => e.cls === cls).map(([name]) => name);
  }
}
