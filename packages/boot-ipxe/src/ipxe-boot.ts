import {
  BOOT_DRIVER_INFO_PROPERTIES,
  bootModeFor,
  getBootConfig,
  instanceRamdiskFor,
  kernelAppendParamsFor,
  ramdiskImagesFor,
  ramdiskKindFor,
  renderKernelParams,
  requireHttpUrl,
} from '@ferric/boot-common';
import {
  type BootCapability,
  BootDevice,
  BootInterface,
  MissingParameterValue,
  type PropertyDescriptions,
  type RamdiskParams,
  type Task,
} from '@ferric/core';
import { installIpxeChainloaders } from './bootloaders.js';
import { ipxeDhcpOptions } from './dhcp-options.js';
import { publishIpxeBoot, removeIpxeBoot } from './ipxe-files.js';

const RAMDISK_BASE = 'selinux=0 troubleshoot=0 text';

/**
 * `ipxe` boot (Ironic `iPXEBoot`): per-node iPXE scripts, kernels and ramdisks
 * served over HTTP (Ferric's {@link BootHttpServer} or any web server on the
 * HTTP root). iPXE-capable firmware fetches `boot.ipxe` directly; plain PXE
 * firmware chain-loads `undionly.kpxe`/`snponly.efi` over TFTP first. Scripts
 * retry downloads and end in a fallback menu.
 * @public
 */
export class IPXEBoot extends BootInterface {
  override readonly capabilities: readonly BootCapability[] = [
    'ramdisk_boot',
    'pxe_boot',
    'ipxe_boot',
    'iscsi_volume_boot',
  ];

  getProperties(): PropertyDescriptions {
    return BOOT_DRIVER_INFO_PROPERTIES;
  }

  validate(task: Task): void {
    if (!task.ports.some((port) => port.pxeEnabled)) {
      throw new MissingParameterValue(`Node ${task.node.uuid} has no PXE-enabled port to boot from.`);
    }
    requireHttpUrl();
    bootModeFor(task);
    ramdiskImagesFor(task, 'deploy');
    instanceRamdiskFor(task);
  }

  override async validateRescue(task: Task): Promise<void> {
    ramdiskImagesFor(task, 'rescue');
  }

  override async validateInspection(task: Task): Promise<void> {
    ramdiskImagesFor(task, 'deploy');
  }

  async prepareRamdisk(task: Task, ramdiskParams: RamdiskParams): Promise<void> {
    const mode = bootModeFor(task);
    const kind = ramdiskKindFor(task);
    const kernelParams = renderKernelParams(ramdiskParams, `${kernelAppendParamsFor(task)} ${RAMDISK_BASE}`);
    await publishIpxeBoot(task, ramdiskImagesFor(task, kind), `${kind}_`, kernelParams);
    await installIpxeChainloaders(task.logger);
    await getBootConfig().dhcp?.updatePorts(task, ipxeDhcpOptions(mode));
    await task.driver.management.setBootDevice(task, BootDevice.PXE, { persistent: false });
    task.logger.info({ mode, kind }, 'iPXE boot of the ramdisk prepared');
  }

  async cleanUpRamdisk(task: Task): Promise<void> {
    await removeIpxeBoot(task);
    await getBootConfig().dhcp?.cleanPorts(task);
  }

  async prepareInstance(task: Task): Promise<void> {
    const images = instanceRamdiskFor(task);
    await removeIpxeBoot(task);
    if (!images) {
      await getBootConfig().dhcp?.cleanPorts(task);
      await task.driver.management.setBootDevice(task, BootDevice.DISK, { persistent: true });
      return;
    }
    const kernelParams = renderKernelParams(
      {},
      `root=/dev/ram0 text ${String(task.node.instanceInfo.ramdisk_kernel_arguments ?? '')}`,
    );
    await publishIpxeBoot(task, images, '', kernelParams);
    await getBootConfig().dhcp?.updatePorts(task, ipxeDhcpOptions(bootModeFor(task)));
    await task.driver.management.setBootDevice(task, BootDevice.PXE, { persistent: true });
  }

  async cleanUpInstance(task: Task): Promise<void> {
    await removeIpxeBoot(task);
    await getBootConfig().dhcp?.cleanPorts(task);
  }
}
