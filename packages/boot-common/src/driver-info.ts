import {
  InvalidParameterValue,
  MissingParameterValue,
  type PropertyDescriptions,
  ProvisionState,
  type Task,
} from '@ferric/core';
import { type FirmwareBootMode, getBootConfig } from './config.js';

/** `driver_info` keys every network/virtual-media boot implementation reads (Ironic's names). @public */
export const BOOT_DRIVER_INFO_PROPERTIES: PropertyDescriptions = {
  deploy_kernel: {
    description:
      'Deploy kernel: a local path, file:// or http(s):// URL. Required unless configured with configureBoot({ deployKernel }).',
  },
  deploy_ramdisk: {
    description:
      'Deploy ramdisk: a local path, file:// or http(s):// URL. Required unless configured with configureBoot({ deployRamdisk }).',
  },
  rescue_kernel: {
    description: 'Rescue kernel (path or URL). Required for rescue unless configured. Optional.',
  },
  rescue_ramdisk: {
    description: 'Rescue ramdisk (path or URL). Required for rescue unless configured. Optional.',
  },
  boot_mode: {
    description:
      "Firmware boot mode, 'bios' or 'uefi'. Optional; default from capabilities or configuration.",
  },
  kernel_append_params: {
    description:
      'Kernel parameters for the ramdisk, replacing configureBoot({ kernelAppendParams }). Optional.',
  },
};

/** Which ramdisk a node boots: the deploy/cleaning/inspection one or the rescue one. @public */
export type RamdiskKind = 'deploy' | 'rescue';

/** A kernel and ramdisk, each a local path or URL. @public */
export interface KernelAndRamdisk {
  kernel: string;
  ramdisk: string;
}

function stringField(info: Record<string, unknown>, key: string): string | null {
  const value = info[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new InvalidParameterValue(`driver_info.${key} must be a string.`);
  return value;
}

/** `rescue` while the node is being rescued, else `deploy` (Ironic `_get_image_info` logic). @public */
export function ramdiskKindFor(task: Task): RamdiskKind {
  const state = task.node.provisionState;
  return state === ProvisionState.RESCUING || state === ProvisionState.RESCUEWAIT ? 'rescue' : 'deploy';
}

/**
 * The kernel and ramdisk to boot for `kind`, from `driver_info` or the configured
 * defaults.
 * @throws {@link MissingParameterValue} when neither names them.
 * @public
 */
export function ramdiskImagesFor(task: Task, kind: RamdiskKind = ramdiskKindFor(task)): KernelAndRamdisk {
  const config = getBootConfig();
  const info = task.node.driverInfo;
  const kernel =
    stringField(info, `${kind}_kernel`) ?? (kind === 'deploy' ? config.deployKernel : config.rescueKernel);
  const ramdisk =
    stringField(info, `${kind}_ramdisk`) ?? (kind === 'deploy' ? config.deployRamdisk : config.rescueRamdisk);
  const missing = [kernel ? null : `${kind}_kernel`, ramdisk ? null : `${kind}_ramdisk`].filter(
    (k): k is string => k !== null,
  );
  if (missing.length > 0 || !kernel || !ramdisk) {
    throw new MissingParameterValue(
      `The following parameters were missing in driver_info: ${missing.join(', ')}.`,
      {
        details: { missing },
      },
    );
  }
  return { kernel, ramdisk };
}

/** Parse Ironic's capabilities (`"boot_mode:uefi,secure_boot:true"` or an object). @public */
export function parseCapabilities(value: unknown): Record<string, string> {
  if (typeof value === 'string') {
    const result: Record<string, string> = {};
    for (const pair of value.split(',')) {
      const [key, ...rest] = pair.split(':');
      if (key?.trim()) result[key.trim()] = rest.join(':').trim();
    }
    return result;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  }
  return {};
}

function checkMode(value: string, where: string): FirmwareBootMode {
  if (value === 'bios' || value === 'uefi') return value;
  throw new InvalidParameterValue(`${where} must be 'bios' or 'uefi', not '${value}'.`);
}

/**
 * The node's boot mode: `instance_info.capabilities.boot_mode`, then
 * `driver_info.boot_mode`, then `properties.capabilities.boot_mode`, then the
 * configured default (Ironic `boot_mode_utils.get_boot_mode`).
 * @public
 */
export function bootModeFor(task: Task): FirmwareBootMode {
  const fromInstance = parseCapabilities(task.node.instanceInfo.capabilities).boot_mode;
  if (fromInstance) return checkMode(fromInstance, 'instance_info.capabilities.boot_mode');
  const fromDriver = stringField(task.node.driverInfo, 'boot_mode');
  if (fromDriver) return checkMode(fromDriver, 'driver_info.boot_mode');
  const fromProperties = parseCapabilities(task.node.properties.capabilities).boot_mode;
  if (fromProperties) return checkMode(fromProperties, 'properties.capabilities.boot_mode');
  return getBootConfig().defaultBootMode;
}

/** Kernel parameters placed before the ramdisk parameters: `driver_info.kernel_append_params` or the configured ones. @public */
export function kernelAppendParamsFor(task: Task): string {
  return stringField(task.node.driverInfo, 'kernel_append_params') ?? getBootConfig().kernelAppendParams;
}

/**
 * Whether the instance boots over the network from `instance_info.kernel`/`ramdisk`
 * (the `ramdisk` deploy interface, or `instance_info.boot_option: ramdisk`), and
 * those images; `null` for local-disk boot.
 * @public
 */
export function instanceRamdiskFor(task: Task): KernelAndRamdisk | null {
  const info = task.node.instanceInfo;
  const ramdiskBoot = task.node.deployInterface === 'ramdisk' || info.boot_option === 'ramdisk';
  if (!ramdiskBoot) return null;
  const kernel = stringField(info, 'kernel');
  const ramdisk = stringField(info, 'ramdisk');
  if (!kernel || !ramdisk) {
    throw new MissingParameterValue('Ramdisk boot needs instance_info.kernel and instance_info.ramdisk.');
  }
  return { kernel, ramdisk };
}

/** `ip:port`-free MAC check and normalisation to lower-case colon form. @public */
export function normalizeMac(mac: string): string {
  const hex = mac.toLowerCase().replace(/[-:.]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) throw new InvalidParameterValue(`Invalid MAC address '${mac}'.`);
  return hex.match(/../g)!.join(':');
}

/** The node's PXE-enabled MAC addresses (normalised). @public */
export function pxeMacs(task: Task): string[] {
  return task.ports.filter((port) => port.pxeEnabled).map((port) => normalizeMac(port.address));
}
