import { DriverLoadError, DriverNotFound, InterfaceNotFound } from '../errors/catalog.js';
import type { HardwareTypeClass } from '../hardware-type.js';
import type { ImplementationClass } from '../interfaces/base-interface.js';
import { INTERFACE_TYPES, type InterfaceType } from '../interfaces/interface-type.js';
import type { FerricPlugin } from './plugin.js';

/**
 * Every hardware type and implementation known to a process, by public name
 * (Ironic's entry points). Several names may map to one class; one name may not
 * map to two classes.
 * @public
 */
export class DriverRegistry {
  readonly #hardwareTypes = new Map<string, { cls: HardwareTypeClass; source: string }>();
  readonly #interfaces = new Map<InterfaceType, Map<string, { cls: ImplementationClass; source: string }>>(
    INTERFACE_TYPES.map((type) => [type, new Map()]),
  );
  readonly #plugins = new Map<string, FerricPlugin>();

  /** Register everything a plugin contributes. Registering the same plugin twice is a no-op. */
  use(plugin: FerricPlugin): this {
    if (this.#plugins.get(plugin.name) === plugin) return this;
    for (const [name, cls] of Object.entries(plugin.hardwareTypes))
      this.registerHardwareType(name, cls, plugin.name);
    for (const type of INTERFACE_TYPES) {
      for (const [name, cls] of Object.entries(plugin.interfaces[type] ?? {})) {
        this.registerInterface(type, name, cls, plugin.name);
      }
    }
    this.#plugins.set(plugin.name, plugin);
    return this;
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

  /** Public names under which `cls` is registered for `type`. */
  namesOf(type: InterfaceType, cls: ImplementationClass): string[] {
    return [...this.#interfaces.get(type)!.entries()].filter(([, e]) => e.cls === cls).map(([name]) => name);
  }
}
