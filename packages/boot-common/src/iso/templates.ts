/** GRUB menu of a boot ISO (BIOS and UEFI, `grub-mkrescue`). @public */
export function renderIsoGrubConfig(kernelParams: string): string {
  return `set default=0
set timeout=0
set timeout_style=hidden
menuentry "Ferric ramdisk" {
  linux /vmlinuz ${kernelParams}
  initrd /initrd
}
`;
}

/** ISOLINUX configuration of a BIOS-only boot ISO. @public */
export function renderIsolinuxConfig(kernelParams: string): string {
  return `DEFAULT ferric
PROMPT 0
TIMEOUT 0
LABEL ferric
  KERNEL /vmlinuz
  APPEND initrd=/initrd ${kernelParams}
`;
}
