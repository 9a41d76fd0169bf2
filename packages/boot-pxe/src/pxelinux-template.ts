import { nodeMarker } from './layout.js';

/** What a PXELINUX config boots. @public */
export type PxeTarget =
  | { kind: 'ramdisk'; kernel: string; ramdisk: string; kernelParams: string }
  | { kind: 'local' };

/**
 * Render a PXELINUX config (BIOS). Paths are relative to the TFTP root so they
 * work behind any TFTP path prefix; `ipappend 2` adds `BOOTIF=01-<mac>` so the
 * ramdisk knows which NIC booted.
 * @public
 */
export function renderPxelinuxConfig(nodeUuid: string, target: PxeTarget): string {
  const head = `# ${nodeMarker(nodeUuid)}\n`;
  if (target.kind === 'local') {
    return `${head}default boot_local\nprompt 0\ntimeout 0\n\nlabel boot_local\n  localboot 0\n`;
  }
  return `${head}default boot
prompt 0
timeout 0

label boot
  kernel ${target.kernel}
  append initrd=${target.ramdisk} ${target.kernelParams}
  ipappend 2
`;
}
