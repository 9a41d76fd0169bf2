/**
 * `@ferric/boot-common/testing`: what boot tests need to prove real firmware
 * boots Ferric's output — Debian's cloud kernel unpacked into a cache, a busybox
 * call-back initramfs assembled at test time, a bounded QEMU runner and a
 * call-back server.
 * @packageDocumentation
 */

// Re-exported from the initramfs entry point, where the one writer lives, for existing importers.
export { type CpioEntry, writeCpio } from '../initramfs/index.js';
export { type Callback, type CallbackServer, startCallbackServer } from './callback-server.js';
export {
  type QemuAvailability,
  type QemuResult,
  qemuAvailability,
  type RunQemuOptions,
  runQemu,
} from './qemu.js';
export {
  buildCallbackRamdisk,
  CALLBACK_INIT,
  type TestKernel,
  testCacheDir,
  testKernel,
  VIRTIO_MODULES,
} from './test-images.js';
