import {
  BOOT_DRIVER_INFO_PROPERTIES,
  bootModeFor,
  getBootConfig,
  instanceRamdiskFor,
  kernelAppendParamsFor,
  ramdiskImagesFor,
  ramdiskKindFor,
  renderKernelParams,
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
import { installPxeBootloaders } from './bootloaders.js';
import { pxeDhcpOptions } from './dhcp-options.js';
import {
  removeAllPxeFiles,
  removePxeConfig,
  removeTftpImages,
  renderPxeConfig,
  stageTftpImages,
  writePxeConfig,
} from './pxe-files.js';

/** Parameters every ramdisk gets on its kernel line, after `kernel_append_params`. */
const RAMDISK_BASE = 'selinux=0 troubleshoot=0 text';

/**
 * `pxe` boot (Ironic `PXEBoot`): the node PXE-boots PXELINUX (BIOS) or GRUB
 * (UEFI) from the TFTP root, which loads a per-MAC configuration written here;
 * kernels and ramdisks are staged next to it and fetched over TFTP. The boot
 * device is set through the node's management interface; the DHCP side is the
 * provider given to `configureBoot({ dhcp })`, or the operator's own.
 * @public
 */
export class PXEBoot extends BootInterface {
  override readonly capabilities: readonly BootCapability[] = ['ramdisk_boot', 'pxe_boot'];

  getProperties(): PropertyDescriptions {
    return BOOT_DRIVER_INFO_PROPERTIES;
  }

  validate(task: Task): void {
    if (!task.ports.some((port) => port.pxeEnabled)) {
      throw new MissingParameterValue(`Node ${task.node.uuid} has no PXE-enabled port to boot from.`);
    }
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
    const images = ramdiskImagesFor(task, kind);
    const kernelParams = renderKernelParams(ramdiskParams, `${kernelAppendParamsFor(task)} ${RAMDISK_BASE}`);
    await installPxeBootloaders(task.logger);
    const staged = await stageTftpImages(task, images, `${kind}_`);
    await writePxeConfig(
      task,
      mode,
      renderPxeConfig(mode, task.node.uuid, { kind: 'ramdisk', ...staged, kernelParams }),
    );
    await getBootConfig().dhcp?.updatePorts(task, pxeDhcpOptions(mode));
    await task.driver.management.setBootDevice(task, BootDevice.PXE, { persistent: false });
    task.logger.info({ mode, kind }, 'PXE boot of the ramdisk prepared');
  }

  async cleanUpRamdisk(task: Task): Promise<void> {
    await removePxeConfig(task);
    await removeTftpImages(task, 'deploy_');
    await removeTftpImages(task, 'rescue_');
    await getBootConfig().dhcp?.cleanPorts(task);
  }

  async prepareInstance(task: Task): Promise<void> {
    const images = instanceRamdiskFor(task);
    if (!images) {
      // Local boot: no network configuration may linger, the disk boots.
      await removeAllPxeFiles(task);
      await getBootConfig().dhcp?.cleanPorts(task);
      await task.driver.management.setBootDevice(task, BootDevice.DISK, { persistent: true });
      return;
    }
    const mode = bootModeFor(task);
    const kernelParams = renderKernelParams(
      {},
      `root=/dev/ram0 text ${String(task.node.instanceInfo.ramdisk_kernel_arguments ?? '')}`,
    );
    await installPxeBootloaders(task.logger);
    const staged = await stageTftpImages(task, images, '');
    await writePxeConfig(
      task,
      mode,
      renderPxeConfig(mode, task.node.uuid, { kind: 'ramdisk', ...staged, kernelParams }),
    );
    await getBootConfig().dhcp?.updatePorts(task, pxeDhcpOptions(mode));
    await task.driver.management.setBootDevice(task, BootDevice.PXE, { persistent: true });
  }

  async cleanUpInstance(task: Task): Promise<void> {
    await removeAllPxeFiles(task);
    await getBootConfig().dhcp?.cleanPorts(task);
  }
}
