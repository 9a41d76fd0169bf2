import { getBootConfig, installBootloader } from '@ferric/boot-common';
import type { Logger } from '@ferric/core';

/**
 * Copy the iPXE chain-loaders (`undionly.kpxe`, `snponly.efi`, `ipxe.efi`) from
 * `ipxeDirs` (Debian `ipxe`) into the TFTP root when missing, for PXE firmware
 * that must chain-load iPXE. Returns the names in place.
 * @public
 */
export async function installIpxeChainloaders(logger?: Logger): Promise<string[]> {
  const config = getBootConfig();
  const installed: string[] = [];
  for (const name of ['undionly.kpxe', 'snponly.efi', 'ipxe.efi']) {
    if (await installBootloader(config.tftpRoot, name, config.ipxeDirs, logger ? { logger } : {})) {
      installed.push(name);
    }
  }
  return installed;
}
