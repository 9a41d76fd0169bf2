import {
  DriverNotFound,
  IncompatibleInterface,
  InterfaceNotEnabled,
  InterfaceNotFound,
  NoValidDefaultForInterface,
} from '../errors/catalog.js';
import type { AbstractHardwareType, HardwareTypeClass, ImplementationRef } from '../hardware-type.js';
import type {
  BaseInterface,
  ImplementationClass,
  PropertyDescriptions,
} from '../interfaces/base-interface.js';
import { INTERFACE_TYPES, type InterfaceType } from '../interfaces/interface-type.js';
import type { DriverInterfaces, NodeInterfaceFields } from '../task.js';
import { type DriverConfig, defaultKey, enabledKey } from './driver-config.js';
import type { DriverRegistry } from './driver-registry.js';
import { construct, type ServiceResolver } from './services.js';

/** Options of {@link DriverFactory}. @public */
export interface DriverFactoryOptions {
  /**
   * Where implementations' {@link inject}ed services come from: the conductor's scope.
   * Default: a scope of the registry's own (`registry.createScope()`).
   */
  readonly resolve?: ServiceResolver;
}

/** The implementation name chosen for every interface type of a node. @public */
export type InterfaceSelection = Record<InterfaceType, string>;

/** What a node says about its driver: the hardware type and any explicit implementations. @public */
export type NodeDriverFields = { driver: string } & Partial<NodeInterfaceFields> & {
    instanceInfo?: Readonly<Record<string, unknown>>;
  };

/** Enabled implementations of one interface type for one hardware type, and the default. @public */
export interface EnabledSupported {
  enabled: string[];
  default: string | null;
}

/**
 * Composes drivers the way Ironic's `driver_factory` does: which hardware types
 * and implementations are enabled, which is the default for a hardware type, and
 * whether a node's explicit choice is allowed. Implementation instances are
 * created once per factory (one per conductor) and shared by its nodes.
 * @public
 */
export class DriverFactory {
  readonly #registry: DriverRegistry;
  readonly #config: DriverConfig;
  readonly #enabledTypes: string[];
  readonly #enabled = new Map<InterfaceType, string[]>();
  readonly #hardwareTypes = new Map<string, AbstractHardwareType>();
  readonly #instances = new Map<ImplementationClass, BaseInterface>();
  readonly #resolve: ServiceResolver;

  /**
   * @throws {@link DriverNotFound} / {@link InterfaceNotFound} when configuration
   * enables something no loaded plugin registered, and
   * {@link NoValidDefaultForInterface} when a configured default is not enabled.
   */
  constructor(registry: DriverRegistry, config: DriverConfig = {}, options: DriverFactoryOptions = {}) {
    this.#registry = registry;
    this.#resolve = options.resolve ?? registry.createScope().resolve;
    this.#config = config;
    this.#enabledTypes = [...(config.enabledHardwareTypes ?? registry.hardwareTypeNames())];
    for (const name of this.#enabledTypes) registry.hardwareType(name);
    for (const type of INTERFACE_TYPES) {
      const enabled = [...(config[enabledKey(type)] ?? registry.interfaceNames(type))];
      for (const name of enabled) {
        try {
          registry.implementation(type, name);
        } catch (cause) {
          throw new InterfaceNotFound(
            `${enabledKey(type)} lists '${name}', but ${(cause as Error).message}`,
            { cause },
          );
        }
      }
      this.#enabled.set(type, enabled);
      const fallback = config[defaultKey(type)];
      if (fallback !== undefined && !enabled.includes(fallback)) {
        throw new NoValidDefaultForInterface(
          `${defaultKey(type)} is '${fallback}', which is not in ${enabledKey(type)} (${enabled.join(', ') || 'empty'}).`,
        );
      }
    }
  }

  /** The registry this factory composes from. */
  get registry(): DriverRegistry {
    return this.#registry;
  }

  /** Names of the enabled hardware types. */
  enabledHardwareTypes(): string[] {
    return [...this.#enabledTypes];
  }

  /** Names of the enabled implementations of `type`. */
  enabledInterfaces(type: InterfaceType): string[] {
    return [...this.#enabled.get(type)!];
  }

  /** The (shared) instance of an enabled hardware type. @throws {@link DriverNotFound} */
  hardwareType(name: string): AbstractHardwareType {
    if (!this.#enabledTypes.includes(name)) {
      throw new DriverNotFound(
        `Hardware type '${name}' is not enabled (enabled: ${this.#enabledTypes.join(', ') || 'none'}).`,
      );
    }
    let instance = this.#hardwareTypes.get(name);
    if (!instance) {
      instance = construct(this.#registry.hardwareType(name), this.#resolve);
      this.#hardwareTypes.set(name, instance);
    }
    return instance;
  }

  /**
   * The shared instance of the implementation registered as `name` for `type`, built on first
   * use with the services its constructor {@link inject}s.
   */
  implementation(type: InterfaceType, name: string): BaseInterface {
    const cls = this.#registry.implementation(type, name);
    let instance = this.#instances.get(cls);
    if (!instance) {
      instance = construct(cls, this.#resolve);
      this.#instances.set(cls, instance);
    }
    return instance;
  }

  /** Whether `name` (an implementation of `type`) appears in the hardware type's list. */
  #supports(hw: AbstractHardwareType, type: InterfaceType, name: string): boolean {
    const cls = this.#registry.implementation(type, name);
    return hw.supportedInterfaces(type).some((ref) => ref === name || ref === cls);
  }

  /** Enabled names of the hardware type's supported implementations, in its order of preference. */
  #supportedEnabled(hw: AbstractHardwareType, type: InterfaceType): string[] {
    const enabled = this.#enabled.get(type)!;
    const names: string[] = [];
    for (const ref of hw.supportedInterfaces(type) as readonly ImplementationRef[]) {
      const candidates = typeof ref === 'string' ? [ref] : this.#registry.namesOf(type, ref);
      for (const name of candidates) if (enabled.includes(name) && !names.includes(name)) names.push(name);
    }
    return names;
  }

  /**
   * Ironic's `default_interface`: the configured default if the hardware type
   * supports it, else the first supported implementation that is enabled.
   * @throws {@link NoValidDefaultForInterface}
   */
  defaultInterface(hardwareType: string, type: InterfaceType): string {
    const hw = this.hardwareType(hardwareType);
    const configured = this.#config[defaultKey(type)];
    if (configured !== undefined) {
      if (this.#supports(hw, type, configured) || this.#acceptsAny(hardwareType)) return configured;
      throw new NoValidDefaultForInterface(
        `The configured default ${type} interface '${configured}' is not supported by hardware type '${hardwareType}'.`,
      );
    }
    const first = this.#supportedEnabled(hw, type)[0];
    if (first === undefined) {
      throw new NoValidDefaultForInterface(
        `No default value found for ${type} interface of hardware type '${hardwareType}': none of its supported implementations is enabled.`,
      );
    }
    return first;
  }

  #acceptsAny(hardwareType: string): boolean {
    return (this.#registry.hardwareType(hardwareType) as HardwareTypeClass).acceptsAnyInterface === true;
  }

  /**
   * Ironic's `get_interface`: `name` must be registered, enabled, and supported by
   * the hardware type (test hardware types that accept anything excepted).
   * @throws {@link InterfaceNotFound} | {@link InterfaceNotEnabled} | {@link IncompatibleInterface}
   */
  getInterface(hardwareType: string, type: InterfaceType, name: string): BaseInterface {
    const hw = this.hardwareType(hardwareType);
    this.#registry.implementation(type, name);
    if (!this.#enabled.get(type)!.includes(name)) {
      throw new InterfaceNotEnabled(
        `The ${type} interface '${name}' is not enabled (enabled: ${this.#enabled.get(type)!.join(', ') || 'none'}).`,
      );
    }
    if (!this.#acceptsAny(hardwareType) && !this.#supports(hw, type, name)) {
      throw new IncompatibleInterface(
        `${type} interface implementation '${name}' is not supported by hardware type '${hardwareType}' (supported and enabled: ${this.#supportedEnabled(hw, type).join(', ') || 'none'}).`,
      );
    }
    return this.implementation(type, name);
  }

  /**
   * Ironic's `check_and_update_node_interfaces`: validate every explicit choice of
   * the node (a per-instance `instance_info['<type>_interface']` wins) and fill in
   * defaults for the rest. Returns the full selection; the caller stores it.
   */
  resolveNodeInterfaces(node: NodeDriverFields): InterfaceSelection {
    const selection = {} as InterfaceSelection;
    for (const type of INTERFACE_TYPES) {
      const override = node.instanceInfo?.[`${type}_interface`];
      const explicit = typeof override === 'string' ? override : node[`${type}Interface`];
      if (explicit) {
        this.getInterface(node.driver, type, explicit);
        selection[type] = explicit;
      } else {
        selection[type] = this.defaultInterface(node.driver, type);
      }
    }
    return selection;
  }

  /** The node's composed driver: one shared implementation instance per interface type. */
  buildDriver(node: NodeDriverFields): DriverInterfaces {
    const selection = this.resolveNodeInterfaces(node);
    const driver = {} as Record<InterfaceType, BaseInterface>;
    for (const type of INTERFACE_TYPES) driver[type] = this.implementation(type, selection[type]);
    return driver as unknown as DriverInterfaces;
  }

  /** For each interface type: the enabled implementations the hardware type supports, and its default. */
  enabledSupportedInterfaces(hardwareType: string): Record<InterfaceType, EnabledSupported> {
    const hw = this.hardwareType(hardwareType);
    const result = {} as Record<InterfaceType, EnabledSupported>;
    for (const type of INTERFACE_TYPES) {
      const enabled = this.#acceptsAny(hardwareType)
        ? this.enabledInterfaces(type)
        : this.#supportedEnabled(hw, type);
      let fallback: string | null = null;
      try {
        fallback = this.defaultInterface(hardwareType, type);
      } catch {
        fallback = null;
      }
      result[type] = { enabled, default: fallback };
    }
    return result;
  }

  /** `driver_info` keys of the default implementation of every interface (`GET /drivers/{name}/properties`). */
  getProperties(hardwareType: string): PropertyDescriptions {
    const properties: Record<string, PropertyDescriptions[string]> = {};
    for (const type of INTERFACE_TYPES) {
      let name: string;
      try {
        name = this.defaultInterface(hardwareType, type);
      } catch {
        continue;
      }
      Object.assign(properties, this.implementation(type, name).getProperties());
    }
    return properties;
  }

  /**
   * Every instance a runtime must scan for periodic tasks: the enabled hardware
   * types and the enabled implementations (de-duplicated by class).
   */
  periodicTargets(): object[] {
    const targets: object[] = this.#enabledTypes.map((name) => this.hardwareType(name));
    for (const type of INTERFACE_TYPES) {
      for (const name of this.#enabled.get(type)!) targets.push(this.implementation(type, name));
    }
    return [...new Set(targets)];
  }
}
