/**
 * `@ferric/core`: the driver SDK of Ferric — hardware interfaces, hardware types,
 * the driver registry and Ironic's interface selection, provision and power
 * states with the provision state machine, typed errors, and the `@periodic`,
 * step and passthru decorators collected by reflection.
 *
 * Decorators are TypeScript legacy decorators (`"experimentalDecorators": true`); the
 * reflect-metadata polyfill they use is loaded by this package itself.
 * @packageDocumentation
 */

export {
  type CollectPeriodicsOptions,
  collectPeriodicTasks,
  type PeriodicTaskDescriptor,
} from './decorators/collect-periodics.js';
export {
  collectPassthruRoutes,
  driverPassthru,
  type HttpMethod,
  type NodePassthruOptions,
  type PassthruOptions,
  type PassthruRoute,
  type PassthruRoutes,
  passthru,
} from './decorators/passthru.js';
export {
  type Lazy,
  type NodePeriodicOptions,
  nodePeriodic,
  type PeriodicOptions,
  periodic,
} from './decorators/periodic.js';
// Decorators and their collectors
export type { MethodDecorator, SetExperimentalDecoratorsTrueInTsconfig } from './decorators/reflection.js';
export {
  type ArgInfo,
  CLEANING_INTERFACE_PRIORITY,
  cleanStep,
  collectSteps,
  DEPLOYING_INTERFACE_PRIORITY,
  deployStep,
  INTERFACE_PRIORITY,
  SERVICING_INTERFACE_PRIORITY,
  type Step,
  type StepKind,
  type StepOptions,
  serviceStep,
  sortSteps,
  VERIFYING_INTERFACE_PRIORITY,
  verifyStep,
} from './decorators/steps.js';
export {
  ConductorNotFound,
  Conflict,
  DriverLoadError,
  DriverNotFound,
  DriverOperationError,
  DuplicateEntry,
  IncompatibleInterface,
  InterfaceNotEnabled,
  InterfaceNotFound,
  Invalid,
  InvalidDecoratorUsage,
  InvalidParameterValue,
  InvalidState,
  InvalidStateTransition,
  MissingParameterValue,
  NodeLocked,
  NodeNotFound,
  NoFreeConductorWorker,
  NotFound,
  NoValidDefaultForInterface,
  NoValidHost,
  PluginConfigError,
  PortNotFound,
  PowerStateFailure,
  TemporaryFailure,
  UnsupportedDriverExtension,
  VendorPassthruError,
} from './errors/catalog.js';
// Errors
export { FerricError, type FerricErrorOptions, isFerricError } from './errors/ferric-error.js';
// Hardware types
export { AbstractHardwareType, type HardwareTypeClass, type ImplementationRef } from './hardware-type.js';
export { FakeHardware } from './hardware-types/fake-hardware.js';
export { ManualManagementHardware } from './hardware-types/manual-management.js';
// Built-in implementations
export { FakeBIOS } from './implementations/fake/fake-bios.js';
export { FakeBoot } from './implementations/fake/fake-boot.js';
export { FakeConsole } from './implementations/fake/fake-console.js';
export { FakeDeploy } from './implementations/fake/fake-deploy.js';
export { FakeFirmware } from './implementations/fake/fake-firmware.js';
export { FakeInspect } from './implementations/fake/fake-inspect.js';
export { FakeManagement } from './implementations/fake/fake-management.js';
export { FakeNetwork } from './implementations/fake/fake-network.js';
export { FakePower } from './implementations/fake/fake-power.js';
export { FakeRAID } from './implementations/fake/fake-raid.js';
export { FakeRescue } from './implementations/fake/fake-rescue.js';
export { FakeVendor } from './implementations/fake/fake-vendor.js';
export { NoBIOS } from './implementations/noop/no-bios.js';
export { NoConsole } from './implementations/noop/no-console.js';
export { NoFirmware } from './implementations/noop/no-firmware.js';
export { NoInspect } from './implementations/noop/no-inspect.js';
export { NoRAID } from './implementations/noop/no-raid.js';
export { NoRescue } from './implementations/noop/no-rescue.js';
export { NoVendor } from './implementations/noop/no-vendor.js';
export { NoopDeploy } from './implementations/noop/noop-deploy.js';
export { NoopManagement } from './implementations/noop/noop-management.js';
export { NoopNetwork } from './implementations/noop/noop-network.js';
export { NoopStorage } from './implementations/noop/noop-storage.js';
export {
  BaseInterface,
  checkRequiredProperties,
  type ImplementationClass,
  type PropertyDescription,
  type PropertyDescriptions,
  type StepResult,
} from './interfaces/base-interface.js';
export { BIOSInterface, type BiosSetting } from './interfaces/bios.js';
export { type BootCapability, BootInterface, type RamdiskParams } from './interfaces/boot.js';
export { type ConsoleInfo, ConsoleInterface } from './interfaces/console.js';
export { DeployInterface, type HeartbeatArgs } from './interfaces/deploy.js';
export { FirmwareInterface, type FirmwareUpdate } from './interfaces/firmware.js';
export { ESSENTIAL_PROPERTIES, InspectInterface } from './interfaces/inspect.js';
// Interfaces
export {
  CORE_INTERFACES,
  INTERFACE_TYPES,
  type InterfaceType,
  isInterfaceType,
  OPTIONAL_INTERFACES,
} from './interfaces/interface-type.js';
export {
  type BootDeviceInfo,
  type IndicatorState,
  ManagementInterface,
  type NodeHealth,
  type SensorsData,
  type VirtualMediaDevice,
  type VirtualMediaInfo,
} from './interfaces/management.js';
export { NetworkInterface, type VifInfo } from './interfaces/network.js';
export { type PowerActionOptions, PowerInterface } from './interfaces/power.js';
export { type CreateRaidOptions, LOGICAL_DISK_PROPERTIES, RAIDInterface } from './interfaces/raid.js';
export { RescueInterface } from './interfaces/rescue.js';
export { StorageInterface } from './interfaces/storage.js';
export { VendorInterface } from './interfaces/vendor.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
export type { ForEachNodeOptions, NodeFilters, PeriodicContext } from './periodic-context.js';
export { corePlugin } from './registry/builtin-plugin.js';
export type {
  DefaultInterfacesConfig,
  DriverConfig,
  EnabledInterfacesConfig,
} from './registry/driver-config.js';
export {
  DriverFactory,
  type DriverFactoryOptions,
  type EnabledSupported,
  type InterfaceSelection,
  type NodeDriverFields,
} from './registry/driver-factory.js';
export { DriverRegistry, type DriverRegistryOptions } from './registry/driver-registry.js';
// Registry, plugins and interface selection
export {
  definePlugin,
  type FerricPlugin,
  loadPlugin,
  type PluginEnv,
  type PluginInterfaces,
  type PluginSpec,
  validatePlugin,
} from './registry/plugin.js';
export {
  construct,
  createServiceToken,
  inject,
  injectionsOf,
  type ServiceProvider,
  type ServiceResolver,
  ServiceScope,
  type ServiceToken,
} from './registry/services.js';
export type {
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './registry/standard-schema.js';
export { isSecretKeyName, SECRET_KEY_FRAGMENTS, SECRET_MASK } from './secrets.js';
// States
export {
  BootDevice,
  type BootDeviceName,
  BootMode,
  type BootModeName,
  POWER_TARGETS,
  PowerState,
  type PowerStateValue,
  type PowerTarget,
} from './states/power-states.js';
export { PROVISION_MACHINE } from './states/provision-machine.js';
export {
  DELETE_ALLOWED_STATES,
  FAILURE_STATES,
  LOOKUP_ALLOWED_STATES,
  ProvisionEvent,
  type ProvisionEventName,
  ProvisionState,
  type ProvisionStateName,
  STABLE_STATES,
  SYNC_EXCLUDED_STATES,
  UNSTABLE_STATES,
  VERBS,
} from './states/provision-states.js';
export {
  type MachineDefinition,
  StateMachine,
  type StateSpec,
  type Transition,
} from './states/state-machine.js';
// Task contract and runtime-facing contracts
export type {
  DriverInterfaces,
  JsonObject,
  JsonValue,
  NewPort,
  NodeData,
  NodeInterfaceFields,
  PortData,
  ProcessEventOptions,
  Task,
} from './task.js';
