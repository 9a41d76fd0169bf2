import { nodeMarker } from './layout.js';
import type { PxeTarget } from './pxelinux-template.js';

/**
 * Render a GRUB network-boot config (UEFI). Paths are absolute on the TFTP
 * server; local boot leaves GRUB with `exit` so the firmware moves on to the
 * next boot device (the disk).
 * @public
 */
export function renderGrubConfig(nodeUuid: string, target: PxeTarget): string {
  const head = `# ${nodeMarker(nodeUuid)}\nset default=0\nset timeout=0\nset hidden_timeout_quiet=false\n\n`;
  if (target.kind === 'local') {
    return `${head}menuentry "boot_local" {\n  exit\n}\n`;
  }
  return `${head}menuentry "boot" {
  linux /${target.kernel} ${target.kernelParams}
  initrd /${target.ramdisk}
}
`;
}
