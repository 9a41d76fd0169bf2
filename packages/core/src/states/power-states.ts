/**
 * Power states as Ironic names them (`node.power_state`). `null` is NOSTATE: unknown.
 * @public
 */
export const PowerState = {
  ON: 'power on',
  OFF: 'power off',
  ERROR: 'error',
  /** Transitional target: a hard reboot is in flight. */
  REBOOT: 'rebooting',
  /** Transitional target: an ACPI (soft) reboot is in flight. */
  SOFT_REBOOT: 'soft rebooting',
  /** Transitional target: an ACPI (soft) power off is in flight. */
  SOFT_POWER_OFF: 'soft power off',
} as const;

/** A value of `node.power_state`: on, off, error, or `null` when unknown. @public */
export type PowerStateValue = typeof PowerState.ON | typeof PowerState.OFF | typeof PowerState.ERROR | null;

/** A power action a client can request (`PUT /states/power` targets). @public */
export type PowerTarget =
  | typeof PowerState.ON
  | typeof PowerState.OFF
  | typeof PowerState.REBOOT
  | typeof PowerState.SOFT_REBOOT
  | typeof PowerState.SOFT_POWER_OFF;

/** Every valid {@link PowerTarget}, for validation. @public */
export const POWER_TARGETS: readonly PowerTarget[] = [
  PowerState.ON,
  PowerState.OFF,
  PowerState.REBOOT,
  PowerState.SOFT_REBOOT,
  PowerState.SOFT_POWER_OFF,
];

/** Boot devices (Ironic `boot_devices`). @public */
export const BootDevice = {
  PXE: 'pxe',
  DISK: 'disk',
  CDROM: 'cdrom',
  BIOS: 'bios',
  SAFE: 'safe',
  WANBOOT: 'wanboot',
  ISCSIBOOT: 'iscsiboot',
  FLOPPY: 'floppy',
  UEFIHTTP: 'uefihttp',
} as const;

/** One of {@link BootDevice}. @public */
export type BootDeviceName = (typeof BootDevice)[keyof typeof BootDevice];

/** Boot modes. @public */
export const BootMode = { BIOS: 'bios', UEFI: 'uefi' } as const;

/** One of {@link BootMode}. @public */
export type BootModeName = (typeof BootMode)[keyof typeof BootMode];
