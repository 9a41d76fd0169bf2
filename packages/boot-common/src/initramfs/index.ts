/**
 * `@ferric/boot-common/initramfs`: what assembling a Linux initramfs takes — the `newc` cpio writer.
 * An entry point of its own so the agent's ramdisk builder and the test ramdisks share one writer
 * without loading the boot services (TFTP, HTTP, dnsmasq) the package root brings.
 * @packageDocumentation
 */
export { type CpioEntry, writeCpio } from './cpio.js';
