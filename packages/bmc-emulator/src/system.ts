import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  BootDevice,
  BootRequest,
  MachineBackend,
  MachinePowerState,
  MediaSlot,
} from './backends/machine.js';
import { BIOS_ATTRIBUTES, type BiosValue, defaultBiosAttributes } from './bios-attributes.js';
import { DownloadError, downloadImage } from './download.js';
import { Errors } from './errors.js';
import { deterministicUuid, type HardwareProfile, macAddress } from './hardware.js';

/** Every Redfish `ResetType` the emulator implements. */
export const RESET_TYPES = [
  'On',
  'ForceOff',
  'GracefulShutdown',
  'GracefulRestart',
  'ForceRestart',
  'Nmi',
  'ForceOn',
  'PushPowerButton',
  'PowerCycle',
] as const;
/** A Redfish `ResetType`. */
export type ResetType = (typeof RESET_TYPES)[number];

/** Boot override targets the emulator accepts. */
export const BOOT_TARGETS: readonly BootDevice[] = [
  'None',
  'Pxe',
  'Cd',
  'Usb',
  'Hdd',
  'BiosSetup',
  'Utilities',
  'Diags',
  'UefiShell',
  'UefiTarget',
  'UefiHttp',
];
/** `BootSourceOverrideEnabled` values. */
export const BOOT_ENABLED = ['Disabled', 'Once', 'Continuous'] as const;
/** `BootSourceOverrideMode` values. */
export const BOOT_MODES = ['UEFI', 'Legacy'] as const;

/** The boot override of a system. */
export interface BootSettings {
  /** `BootSourceOverrideTarget`. */
  target: BootDevice;
  /** `BootSourceOverrideEnabled`. */
  enabled: (typeof BOOT_ENABLED)[number];
  /** `BootSourceOverrideMode`. */
  mode: (typeof BOOT_MODES)[number];
  /** `UefiTargetBootSourceOverride`. */
  uefiTarget: string;
}

/** One virtual-media drive as the BMC sees it. */
export interface MediaState {
  /** Slot id (`Cd`, `Floppy`). */
  slot: MediaSlot;
  /** Image URL, or null when empty. */
  image: string | null;
  /** Whether an image is inserted. */
  inserted: boolean;
  /** Whether the image is write protected. */
  writeProtected: boolean;
  /** How it is connected: `URI` when inserted, `NotConnected` otherwise. */
  connectedVia: 'URI' | 'NotConnected';
  /** The `TransferProtocolType` the client gave, if any. */
  transferProtocolType: string | null;
}

/** One drive of the system's storage controller. */
export interface DriveState {
  /** Drive id, e.g. `Disk.0`. */
  id: string;
  /** Capacity in bytes. */
  capacityBytes: number;
  /** `SSD` or `HDD`. */
  mediaType: 'SSD' | 'HDD';
  /** `SAS`, `SATA`, `NVMe`. */
  protocol: 'SAS' | 'SATA' | 'NVMe';
  /** Serial number. */
  serial: string;
}

/** One logical volume. */
export interface VolumeState {
  /** Volume id. */
  id: string;
  /** Name. */
  name: string;
  /** Redfish `RAIDType` (`None`, `RAID0`, `RAID1`, `RAID5`, `RAID10`). */
  raidType: RaidType;
  /** Usable capacity. */
  capacityBytes: number;
  /** Member drive ids. */
  drives: string[];
}

/** RAID levels the emulated controller supports. */
export const RAID_TYPES = ['None', 'RAID0', 'RAID1', 'RAID5', 'RAID10'] as const;
/** A supported RAID level. */
export type RaidType = (typeof RAID_TYPES)[number];

/** Secure Boot state of a system. */
export interface SecureBootState {
  /** `SecureBootEnable`: wanted from the next boot on. */
  enable: boolean;
  /** `SecureBootCurrentBoot`: in force for the current boot. */
  currentBoot: 'Enabled' | 'Disabled';
  /** `SecureBootMode`. */
  mode: string;
}

/** Firmware versions of a system. */
export interface FirmwareVersions {
  /** BIOS version (`BiosVersion`). */
  bios: string;
  /** BMC firmware version (`Manager.FirmwareVersion`). */
  bmc: string;
}

/** Construction parameters of {@link EmulatedSystem}. */
export interface EmulatedSystemInit {
  /** Position in the fleet. */
  index: number;
  /** `ComputerSystem` id. */
  id: string;
  /** The hardware. */
  hardware: HardwareProfile;
  /** The machine. */
  machine: MachineBackend;
  /** Timeout for virtual media and firmware downloads. */
  downloadTimeoutMs: number;
}

/**
 * One emulated server as its BMC sees it: the state a BMC keeps (boot override, BIOS and pending
 * settings, Secure Boot, RAID volumes, virtual media, firmware versions) plus the machine behind it.
 * The Redfish resources render from it; tests may read it (and the machine) to check what happened.
 */
export class EmulatedSystem {
  /** Position in the fleet. */
  readonly index: number;
  /** `ComputerSystem` id. */
  readonly id: string;
  /** Id of its `Manager` (the BMC). */
  readonly managerId: string;
  /** Id of its `Chassis`. */
  readonly chassisId: string;
  /** Deterministic system UUID. */
  readonly uuid: string;
  /** Deterministic serial number. */
  readonly serialNumber: string;
  /** The hardware profile. */
  readonly hardware: HardwareProfile;
  /** The machine behind the BMC. */
  readonly machine: MachineBackend;
  /** NIC MACs, deterministic from the index. */
  readonly macs: string[];
  /** The boot override. */
  readonly boot: BootSettings = { target: 'None', enabled: 'Disabled', mode: 'UEFI', uefiTarget: '' };
  /** Current BIOS attributes. */
  biosAttributes: Record<string, BiosValue> = defaultBiosAttributes();
  /** Pending BIOS attributes (`Bios/Settings`), applied at the next boot. */
  biosPending: Record<string, BiosValue> = {};
  /** Whether `#Bios.ResetBios` was requested (defaults are restored at the next boot). */
  biosResetPending = false;
  /** When pending BIOS settings were last applied. */
  biosAppliedAt: Date | undefined;
  /** Secure Boot. */
  readonly secureBoot: SecureBootState = { enable: false, currentBoot: 'Disabled', mode: 'DeployedMode' };
  /** The storage controller's drives. */
  readonly drives: DriveState[];
  /** Logical volumes by id. */
  readonly volumes = new Map<string, VolumeState>();
  /** Virtual media drives by slot. */
  readonly media = new Map<MediaSlot, MediaState>();
  /** Firmware versions (BIOS and BMC). */
  readonly firmware: FirmwareVersions = { bios: '1.0.0', bmc: '1.00' };
  /** `IndicatorLED`. */
  indicatorLed: 'Lit' | 'Blinking' | 'Off' = 'Off';
  /** `AssetTag`. */
  assetTag = '';
  /** When the system last booted. */
  lastResetTime: Date | undefined;
  private nextVolume = 1;
  private readonly mediaFiles = new Map<MediaSlot, string>();
  private readonly mediaBusy = new Set<MediaSlot>();
  private readonly downloadTimeoutMs: number;

  constructor(init: EmulatedSystemInit) {
    this.index = init.index;
    this.id = init.id;
    this.managerId = `${init.id}-BMC`;
    this.chassisId = `${init.id}-Chassis`;
    this.uuid = deterministicUuid(1, init.index);
    this.serialNumber = `FRC${String(init.index).padStart(7, '0')}`;
    this.hardware = init.hardware;
    this.machine = init.machine;
    this.downloadTimeoutMs = init.downloadTimeoutMs;
    this.macs = Array.from({ length: init.hardware.nics }, (_, nic) => macAddress(init.index, nic));
    this.drives = init.hardware.drives.map((d, i) => ({
      id: `Disk.${i}`,
      capacityBytes: d.capacityBytes,
      mediaType: d.mediaType,
      protocol: d.protocol,
      serial: `FRCD${String(init.index).padStart(5, '0')}${i}`,
    }));
    for (const slot of ['Cd', 'Floppy'] as const) {
      this.media.set(slot, {
        slot,
        image: null,
        inserted: false,
        writeProtected: true,
        connectedVia: 'NotConnected',
        transferProtocolType: null,
      });
    }
  }

  /** The power state the machine reports. */
  powerState(): Promise<MachinePowerState> {
    return this.machine.powerState();
  }

  /** Performs `#ComputerSystem.Reset` with `type`. */
  async reset(type: ResetType): Promise<void> {
    const state = this.machine.pendingPowerState?.() ?? (await this.machine.powerState());
    const on = state === 'On' || state === 'PoweringOn' || state === 'Paused';
    switch (type) {
      case 'On':
      case 'ForceOn':
        if (!on) await this.machine.powerOn(this.nextBoot());
        return;
      case 'ForceOff':
        if (on) await this.machine.powerOff('force');
        return;
      case 'GracefulShutdown':
        if (on) await this.machine.powerOff('graceful');
        return;
      case 'GracefulRestart':
      case 'ForceRestart':
        if (on) await this.machine.reboot(type === 'GracefulRestart' ? 'graceful' : 'force', this.nextBoot());
        else await this.machine.powerOn(this.nextBoot());
        return;
      case 'PowerCycle':
        if (on) {
          await this.machine.powerOff('force');
          await this.machine.powerOn(this.nextBoot());
        } else {
          await this.machine.powerOn(this.nextBoot());
        }
        return;
      case 'PushPowerButton':
        if (on) await this.machine.powerOff('graceful');
        else await this.machine.powerOn(this.nextBoot());
        return;
      case 'Nmi':
        if (!on) throw Errors.resourceInUse('the system is powered off; an NMI needs a running system');
        await this.machine.injectNmi();
        return;
    }
  }

  /**
   * What the machine boots from at the next boot, consuming a `Once` override and applying pending
   * BIOS settings (what a real BMC/firmware does during POST).
   */
  private nextBoot(): BootRequest {
    const device = this.boot.enabled === 'Disabled' ? 'None' : this.boot.target;
    if (this.boot.enabled === 'Once') this.boot.enabled = 'Disabled';
    if (this.biosResetPending) {
      this.biosAttributes = defaultBiosAttributes();
      this.biosResetPending = false;
      this.biosAppliedAt = new Date();
    }
    if (Object.keys(this.biosPending).length > 0) {
      this.biosAttributes = { ...this.biosAttributes, ...this.biosPending };
      this.biosPending = {};
      this.biosAppliedAt = new Date();
    }
    const secure = this.secureBoot.enable && this.boot.mode === 'UEFI';
    this.secureBoot.currentBoot = secure ? 'Enabled' : 'Disabled';
    this.lastResetTime = new Date();
    return { device, mode: this.boot.mode, secureBoot: secure };
  }

  /** Validates and stores pending BIOS attributes (applied at the next boot). */
  setPendingBios(attributes: Record<string, unknown>): void {
    const next: Record<string, BiosValue> = {};
    for (const [name, value] of Object.entries(attributes)) {
      const def = BIOS_ATTRIBUTES.find((a) => a.name === name);
      if (!def) throw Errors.propertyUnknown(`Attributes/${name}`);
      if (def.readOnly) throw Errors.propertyNotWritable(`Attributes/${name}`);
      const shown = JSON.stringify(value);
      switch (def.type) {
        case 'Enumeration':
          if (typeof value !== 'string') throw Errors.propertyValueTypeError(shown, `Attributes/${name}`);
          if (!def.values?.includes(value)) throw Errors.propertyValueNotInList(value, `Attributes/${name}`);
          break;
        case 'String':
          if (typeof value !== 'string') throw Errors.propertyValueTypeError(shown, `Attributes/${name}`);
          break;
        case 'Boolean':
          if (typeof value !== 'boolean') throw Errors.propertyValueTypeError(shown, `Attributes/${name}`);
          break;
        case 'Integer':
          if (typeof value !== 'number' || !Number.isInteger(value)) {
            throw Errors.propertyValueTypeError(shown, `Attributes/${name}`);
          }
          if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) {
            throw Errors.propertyValueNotInList(shown, `Attributes/${name}`);
          }
          break;
      }
      next[name] = value as BiosValue;
    }
    this.biosPending = { ...this.biosPending, ...next };
  }

  /** `#Bios.ResetBios`: factory defaults at the next boot (pending settings are dropped). */
  resetBios(): void {
    this.biosPending = {};
    this.biosResetPending = true;
  }

  /** `InsertMedia`: downloads `url` (failing if unreachable) and puts it into `slot`. */
  async insertMedia(
    slot: MediaSlot,
    url: string,
    opts: { writeProtected?: boolean; transferProtocolType?: string | null } = {},
  ): Promise<void> {
    const media = this.media.get(slot);
    if (!media) throw Errors.resourceNotFound(slot);
    if (media.inserted) throw Errors.resourceInUse(`an image is already inserted in ${slot}; eject it first`);
    if (this.mediaBusy.has(slot)) throw Errors.resourceInUse(`an image is being inserted in ${slot}`);
    this.mediaBusy.add(slot);
    try {
      await this.insertMediaNow(slot, media, url, opts);
    } finally {
      this.mediaBusy.delete(slot);
    }
  }

  private async insertMediaNow(
    slot: MediaSlot,
    media: MediaState,
    url: string,
    opts: { writeProtected?: boolean; transferProtocolType?: string | null },
  ): Promise<void> {
    let downloaded: { size: number; path?: string };
    try {
      downloaded = await downloadImage(url, {
        timeoutMs: this.downloadTimeoutMs,
        keepFile: this.machine.needsMediaFile,
      });
    } catch (e) {
      if (e instanceof DownloadError) throw Errors.resourceAtUriUnreachable(url, e.message);
      throw e;
    }
    try {
      await this.machine.insertMedia({
        slot,
        url,
        size: downloaded.size,
        ...(downloaded.path ? { path: downloaded.path } : {}),
      });
    } catch (e) {
      if (downloaded.path) await removeDownload(downloaded.path);
      throw Errors.generalError(
        500,
        `the machine refused the media: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (downloaded.path) this.mediaFiles.set(slot, downloaded.path);
    media.image = url;
    media.inserted = true;
    media.connectedVia = 'URI';
    media.writeProtected = opts.writeProtected ?? true;
    media.transferProtocolType = opts.transferProtocolType ?? null;
  }

  /** `EjectMedia`. Ejecting an empty drive is a no-op. */
  async ejectMedia(slot: MediaSlot): Promise<void> {
    const media = this.media.get(slot);
    if (!media) throw Errors.resourceNotFound(slot);
    if (!media.inserted) return;
    await this.machine.ejectMedia(slot);
    const file = this.mediaFiles.get(slot);
    if (file) await removeDownload(file);
    this.mediaFiles.delete(slot);
    media.image = null;
    media.inserted = false;
    media.connectedVia = 'NotConnected';
    media.transferProtocolType = null;
  }

  /** Creates a volume on the storage controller; validates drives and RAID level. */
  createVolume(spec: {
    name?: string;
    raidType: RaidType;
    drives: string[];
    capacityBytes?: number;
  }): VolumeState {
    const members = spec.drives.map((id) => {
      const drive = this.drives.find((d) => d.id === id);
      if (!drive)
        throw Errors.actionParameterValueError('Links/Drives', 'Create Volume', `unknown drive ${id}`);
      return drive;
    });
    if (new Set(spec.drives).size !== spec.drives.length) {
      throw Errors.actionParameterValueError('Links/Drives', 'Create Volume', 'a drive is listed twice');
    }
    const minDrives: Record<RaidType, number> = { None: 1, RAID0: 1, RAID1: 2, RAID5: 3, RAID10: 4 };
    const n = members.length;
    if (
      n < minDrives[spec.raidType] ||
      (spec.raidType === 'RAID10' && n % 2 !== 0) ||
      (spec.raidType === 'None' && n !== 1)
    ) {
      throw Errors.actionParameterValueError(
        'Links/Drives',
        'Create Volume',
        `${spec.raidType} cannot be built from ${n} drive(s)`,
      );
    }
    const smallest = Math.min(...members.map((d) => d.capacityBytes));
    const usable: Record<RaidType, number> = {
      None: smallest,
      RAID0: smallest * n,
      RAID1: smallest,
      RAID5: smallest * (n - 1),
      RAID10: smallest * (n / 2),
    };
    const max = usable[spec.raidType];
    if (spec.capacityBytes !== undefined && spec.capacityBytes > max) {
      throw Errors.actionParameterValueError('CapacityBytes', 'Create Volume', `at most ${max} bytes fit`);
    }
    const id = String(this.nextVolume++);
    const volume: VolumeState = {
      id,
      name: spec.name ?? `Volume ${id}`,
      raidType: spec.raidType,
      capacityBytes: spec.capacityBytes ?? max,
      drives: [...spec.drives],
    };
    this.volumes.set(id, volume);
    return volume;
  }

  /** Stops the machine and removes downloaded media copies. */
  async dispose(): Promise<void> {
    await this.machine.close();
    for (const file of this.mediaFiles.values()) await removeDownload(file);
    this.mediaFiles.clear();
  }

  /** Deletes a volume. */
  deleteVolume(id: string): void {
    this.volumes.delete(id);
  }
}

/** Removes a downloaded image and the temporary directory made for it. */
async function removeDownload(path: string): Promise<void> {
  await rm(dirname(path), { recursive: true, force: true });
}
