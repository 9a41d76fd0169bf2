/**
 * `@ferric/bmc-emulator`: Ferric's BMC emulator (its sushy-tools / VirtualBMC). A Redfish service with
 * pluggable machine backends, a fleet launcher with fault injection, and a CLI
 * (`ferric-bmc-emulator`).
 *
 * @packageDocumentation
 */

export type { Credentials, Session } from './auth.js';
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
export { QemuMachine, type QemuMachineOptions, qemuArgs } from './backends/qemu.js';
export { QmpClient, QmpError, type QmpEvent } from './backends/qmp.js';
export {
  type MachineEvent,
  SimulatedMachine,
  type SimulatedMachineOptions,
} from './backends/simulated.js';
export { BIOS_ATTRIBUTES, type BiosAttributeDefinition, type BiosValue } from './bios-attributes.js';
export { RedfishError, type RedfishErrorBody, type RedfishMessage } from './errors.js';
export { type FaultConfig, type FaultCounts, type FaultDecision, FaultInjector } from './faults.js';
export {
  DEFAULT_CREDENTIALS,
  type Fleet,
  type FleetBmc,
  type FleetOptions,
  type RedfishDriverInfo,
  startFleet,
} from './fleet.js';
export { DEFAULT_HARDWARE, type DriveSpec, type HardwareProfile, macAddress } from './hardware.js';
export type { QuirkConfig, RedirectRule } from './quirks.js';
export type { RequestLogEntry, TlsOptions } from './server.js';
export {
  type BootSettings,
  type DriveState,
  EmulatedSystem,
  type FirmwareVersions,
  type MediaState,
  RAID_TYPES,
  type RaidType,
  RESET_TYPES,
  type ResetType,
  type SecureBootState,
  type VolumeState,
} from './system.js';
export type { EmulatedTask, TaskProgress, TaskState } from './tasks.js';
