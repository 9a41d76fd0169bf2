import type { InterfaceType } from '../interfaces/interface-type.js';

/** `enabledPowerInterfaces`, `enabledBootInterfaces`… (Ironic `enabled_<iface>_interfaces`). @public */
export type EnabledInterfacesConfig = {
  readonly [K in InterfaceType as `enabled${Capitalize<K>}Interfaces`]?: readonly string[];
};

/** `defaultPowerInterface`, `defaultBootInterface`… (Ironic `default_<iface>_interface`). @public */
export type DefaultInterfacesConfig = {
  readonly [K in InterfaceType as `default${Capitalize<K>}Interface`]?: string;
};

/**
 * Which hardware types and implementations a runtime enables, and explicit
 * defaults. Anything left out means "everything registered", so a process that
 * loads only the plugins it wants needs no configuration at all.
 * @public
 */
export type DriverConfig = {
  /** Hardware types to enable (Ironic `enabled_hardware_types`). */
  readonly enabledHardwareTypes?: readonly string[];
} & EnabledInterfacesConfig &
  DefaultInterfacesConfig;

/** `power` → `enabledPowerInterfaces`. @internal */
export function enabledKey(type: InterfaceType): keyof EnabledInterfacesConfig {
  return `enabled${type[0]!.toUpperCase()}${type.slice(1)}Interfaces` as keyof EnabledInterfacesConfig;
}

/** `power` → `defaultPowerInterface`. @internal */
export function defaultKey(type: InterfaceType): keyof DefaultInterfacesConfig {
  return `default${type[0]!.toUpperCase()}${type.slice(1)}Interface` as keyof DefaultInterfacesConfig;
}
