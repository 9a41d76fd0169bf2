/**
 * The machine behind an emulated BMC. The Redfish layer keeps what a BMC keeps (boot override, BIOS
 * settings, virtual-media slots, firmware versions) and tells the backend only what a real machine
 * would notice: power, the device to boot from at each boot, NMIs and media in its drives.
 *
 * The shape fits QEMU driven over QMP (see {@link QemuMachine}): power on = `system_reset` + `cont`,
 * graceful off = `system_powerdown` with `-action shutdown=pause`, force off = `stop`, boot device via
 * `bootindex`, media via `blockdev-change-medium` / `eject`.
 */
export interface MachineBackend {
  /** A short name for logs and events (`simulated`, `qemu`). */
  readonly kind: string;
  /**
   * The power state as the machine reports it now. Transitions requested with a delay are only
   * visible once they have landed.
   */
  powerState(): Promise<MachinePowerState>;
  /**
   * A power change that was requested but has not landed yet, if the backend knows (e.g. the
   * simulated machine's delayed transitions). The BMC uses it so that `On` followed quickly by
   * `ForceOff` ends up off, as on real hardware.
   */
  pendingPowerState?(): 'On' | 'Off' | undefined;
  /** Powers the machine on and boots it from `boot`. Resolves once the request is accepted. */
  powerOn(boot: BootRequest): Promise<void>;
  /** Powers the machine off: `graceful` asks the OS (ACPI), `force` cuts power. */
  powerOff(mode: 'graceful' | 'force'): Promise<void>;
  /** Restarts a running machine and boots it from `boot`. */
  reboot(mode: 'graceful' | 'force', boot: BootRequest): Promise<void>;
  /** Injects a non-maskable interrupt (diagnostic interrupt). */
  injectNmi(): Promise<void>;
  /** Puts a verified, downloaded image into the machine's virtual drive `slot`. */
  insertMedia(media: MediaImage): Promise<void>;
  /** Removes the image from the virtual drive `slot`. */
  ejectMedia(slot: MediaSlot): Promise<void>;
  /**
   * Whether {@link insertMedia} needs the image as a local file (QEMU does; a simulated machine only
   * needs the URL). When false, the BMC verifies the URL by downloading it and discards the bytes.
   */
  readonly needsMediaFile: boolean;
  /** Releases the machine (stops timers, ends processes). */
  close(): Promise<void>;
}

/** Power states a machine reports, a subset of Redfish `PowerState`. */
export type MachinePowerState = 'On' | 'Off' | 'PoweringOn' | 'PoweringOff' | 'Paused';

/** Boot devices a machine can be asked to boot from (Redfish `BootSourceOverrideTarget` values). */
export type BootDevice =
  | 'None'
  | 'Pxe'
  | 'Cd'
  | 'Usb'
  | 'Hdd'
  | 'BiosSetup'
  | 'Utilities'
  | 'Diags'
  | 'UefiShell'
  | 'UefiTarget'
  | 'UefiHttp'
  | 'Floppy'
  | 'SDCard';

/** What the machine boots from at one boot. `device: 'None'` means the firmware's normal order. */
export interface BootRequest {
  /** The override target in force for this boot, or `None`. */
  device: BootDevice;
  /** Firmware mode for this boot. */
  mode: 'UEFI' | 'Legacy';
  /** Whether Secure Boot is in force for this boot. */
  secureBoot: boolean;
}

/** The virtual drives of an emulated machine. */
export type MediaSlot = 'Cd' | 'Floppy';

/** An image handed to {@link MachineBackend.insertMedia}. */
export interface MediaImage {
  /** The drive it goes into. */
  slot: MediaSlot;
  /** The URL the client asked for. */
  url: string;
  /** Local copy of the image when the backend asked for one ({@link MachineBackend.needsMediaFile}). */
  path?: string;
  /** Size in bytes that was downloaded. */
  size: number;
}

/** What a backend factory is given to build the machine behind one emulated BMC. */
export interface MachineContext {
  /** Position of the BMC in its fleet (0-based, deterministic). */
  index: number;
  /** The Redfish `ComputerSystem` id. */
  systemId: string;
  /** The machine's NIC MAC addresses, in order. */
  macs: string[];
  /** The power-transition delay in milliseconds chosen for this machine. */
  powerDelayMs: number;
  /** Initial power state. */
  initialPower: 'On' | 'Off';
}

/** Builds the machine behind one emulated BMC. */
export type MachineFactory = (context: MachineContext) => MachineBackend | Promise<MachineBackend>;
