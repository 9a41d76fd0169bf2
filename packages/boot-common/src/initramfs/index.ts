/**
 * `@ferric/boot-common/initramfs`: what assembling a Linux initramfs takes — the `newc` cpio writer,
 * the virtio module list and the module lookup in an unpacked kernel. An entry point of its own so
 * the agent's ramdisk builder and the test ramdisks share them without loading the boot services
 * (TFTP, HTTP, dnsmasq) the package root brings.
 * @packageDocumentation
 */
export { type CpioEntry, writeCpio } from './cpio.js';
export { findKernelModule, VIRTIO_MODULES } from './kernel-modules.js';
