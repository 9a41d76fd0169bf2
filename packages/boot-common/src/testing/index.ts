/**
 * `@ferric/boot-common/testing`: what boot tests need to prove real firmware
 * boots Ferric's output — Debian's cloud kernel unpacked into a cache, a busybox
 * call-back initramfs assembled at test time, a bounded QEMU runner and a
 * call-back server.
 * @packageDocumentation
 */

// Re-exported from the initramfs entry point, where they live (the agent's builder uses them too),
// for existing importers.
export { type CpioEntry, VIRTIO_MODULES, writeCpio } from '../initramfs/index.js';
export { type Callback, type CallbackServer, startCallbackServer } from './callback-server.js';
export {
  type QemuAvailability,
  type QemuResult,
  qemuAvailability,
  qemuCommand,
  type RunQemuOptions,
  runQemu,
} from './qemu.js';
export {
  buildCallbackRamdisk,
  CALLBACK_INIT,
  type TestKernel,
  testCacheDir,
  testKernel,
} from './test-images.js';
