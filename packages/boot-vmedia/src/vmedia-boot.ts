import {
  BOOT_DRIVER_INFO_PROPERTIES,
  bootModeFor,
  instanceRamdiskFor,
  kernelAppendParamsFor,
  ramdiskImagesFor,
  ramdiskKindFor,
  renderKernelParams,
  requireHttpUrl,
  unpublishNodeFiles,
} from '@ferric/boot-common';
import {
  type BootCapability,
  BootDevice,
  BootInterface,
  isFerricError,
  type PropertyDescriptions,
  type RamdiskParams,
  type Task,
  type VirtualMediaDevice,
} from '@ferric/core';
import { publishBootIso, publishParameterImage } from './vmedia-images.js';

const RAMDISK_BASE = 'selinux=0 troubleshoot=0 text';

/** `driver_info` keys of virtual-media boot (Ironic's names). @public */
export const VMEDIA_PROPERTIES: PropertyDescriptions = {
  ...BOOT_DRIVER_INFO_PROPERTIES,
  config_via_removable: {
    description:
      'Also pass the ramdisk parameters on a virtual floppy (parameters.txt, label ir-vfd-dev) for BMCs and agents that use one. Optional, default false.',
  },
};

/**
 * Virtual-media boot for any management interface that implements
 * `attachVirtualMedia`/`detachVirtualMedia` (Ironic `RedfishVirtualMediaBoot`,
 * made generic): builds a bootable ISO (BIOS or UEFI) holding the ramdisk and
 * its kernel parameters, publishes it on the boot HTTP service under a lease,
 * inserts it as CD through the BMC and sets a one-time boot from CD; clean-up
 * ejects and deletes it. No DHCP or TFTP is involved.
 * @public
 */
export class VirtualMediaBoot extends BootInterface {
  override readonly capabilities: readonly BootCapability[] = [
    'iscsi_volume_boot',
    'ramdisk_boot',
    'ramdisk_boot_configdrive',
  ];

  getProperties(): PropertyDescriptions {
    return VMEDIA_PROPERTIES;
  }

  validate(task: Task): void {
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
    const kind = ramdiskKindFor(task);
    const kernelParams = renderKernelParams(ramdiskParams, `${kernelAppendParamsFor(task)} ${RAMDISK_BASE}`);
    await this.eject(task);
    const url = await publishBootIso(
      task,
      ramdiskImagesFor(task, kind),
      kind,
      kernelParams,
      bootModeFor(task),
    );
    if (task.node.driverInfo.config_via_removable === true) {
      await task.driver.management.attachVirtualMedia(
        task,
        'floppy',
        await publishParameterImage(task, ramdiskParams),
      );
    }
    await task.driver.management.attachVirtualMedia(task, 'cdrom', url);
    await task.driver.management.setBootDevice(task, BootDevice.CDROM, { persistent: false });
    task.logger.info({ kind, url }, 'virtual media boot of the ramdisk prepared');
  }

  async cleanUpRamdisk(task: Task): Promise<void> {
    await this.eject(task);
    await unpublishNodeFiles(task);
  }

  async prepareInstance(task: Task): Promise<void> {
    const images = instanceRamdiskFor(task);
    await this.eject(task);
    await unpublishNodeFiles(task);
    if (!images) {
      await task.driver.management.setBootDevice(task, BootDevice.DISK, { persistent: true });
      return;
    }
    const kernelParams = renderKernelParams(
      {},
      `root=/dev/ram0 text ${String(task.node.instanceInfo.ramdisk_kernel_arguments ?? '')}`,
    );
    const url = await publishBootIso(task, images, 'instance', kernelParams, bootModeFor(task));
    await task.driver.management.attachVirtualMedia(task, 'cdrom', url);
    await task.driver.management.setBootDevice(task, BootDevice.CDROM, { persistent: true });
  }

  async cleanUpInstance(task: Task): Promise<void> {
    await this.eject(task);
    await unpublishNodeFiles(task);
  }

  /** Eject the CD and floppy this interface uses; BMCs that have nothing inserted may complain, which is fine. */
  protected async eject(task: Task): Promise<void> {
    const devices: VirtualMediaDevice[] = ['cdrom', 'floppy'];
    try {
      await task.driver.management.detachVirtualMedia(task, devices);
    } catch (error) {
      if (isFerricError(error) && error.code === 'UnsupportedDriverExtension') throw error;
      task.logger.debug({ err: error }, 'ejecting virtual media failed; continuing');
    }
  }
}

/**
 * `redfish-virtual-media` (Ironic's name): {@link VirtualMediaBoot} for the
 * `redfish` hardware type, whose management interface inserts media through
 * Redfish `VirtualMedia.InsertMedia`.
 * @public
 */
export class RedfishVirtualMediaBoot extends VirtualMediaBoot {}
