/**
 * `@ferric/bmc-emulator`: Ferric's BMC emulator (its sushy-tools / VirtualBMC). A Redfish service with
 * pluggable machine backends, a fleet launcher with fault injection, and a CLI
 * (`ferric-bmc-emulator`).
 *
 * @packageDocumentation
 */
export { startFleet, DEFAULT_CREDENTIALS, type Fleet, type FleetBmc, type FleetOptions } from './fleet.js';
export type { Credentials, Session } from './auth.js';
export { FaultInjector, type FaultConfig, type FaultDecision } from './faults.js';
export type {
  BootDevice,
  BootRequest,
  MachineBackend,
  MachineContext,
  MachineFactory,
  MachinePowerState,
  MediaImage,
  MediaSlot,
} from './backends/machine.js';
export {
  SimulatedMachine,
  type MachineEvent,
  type SimulatedMachineOptions,
} from './backends/simulated.js';
export {
  EmulatedSystem,
  RESET_TYPES,
  RAID_TYPES,
  type BootSettings,
  type DriveState,
  type MediaState,
  type RaidType,
  type ResetType,
  type VolumeState,
} from './system.js';
export { DEFAULT_HARDWARE, macAddress, type DriveSpec, type HardwareProfile } from './hardware.js';
export { BIOS_ATTRIBUTES, type BiosAttributeDefinition, type BiosValue } from './bios-attributes.js';
export { RedfishError, type RedfishErrorBody, type RedfishMessage } from './errors.js';
export type { RequestLogEntry } from './server.js';
export type { EmulatedTask, TaskState } from './tasks.js';
