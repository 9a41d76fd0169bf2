import { getBootConfig, installBootloader } from '@ferric/boot-common';
import type { Logger } from '@ferric/core';

/**
 * Copy the PXE bootloaders into the TFTP root when missing: `pxelinux.0` and
 * `ldlinux.c32` (BIOS) from `syslinuxDirs`, and the signed network GRUB as
 * `grubx64.efi` (UEFI) from `grubEfiFiles`. Returns what is in place.
 * @public
 */
export async function installPxeBootloaders(logger?: Logger): Promise<{ bios: boolean; uefi: boolean }> {
  const config = getBootConfig();
  const root = config.tftpRoot;
  const options = logger ? { logger } : {};
  const pxelinux = await installBootloader(root, 'pxelinux.0', config.syslinuxDirs, options);
  const ldlinux = await installBootloader(root, 'ldlinux.c32', config.syslinuxDirs, options);
  let grub: string | null = null;
  for (const file of config.grubEfiFiles) {
    const slash = file.lastIndexOf('/');
    grub = await installBootloader(root, file.slice(slash + 1), [file.slice(0, slash)], {
      target: 'grubx64.efi',
    });
    if (grub) break;
  }
  return { bios: pxelinux !== null && ldlinux !== null, uefi: grub !== null };
}
