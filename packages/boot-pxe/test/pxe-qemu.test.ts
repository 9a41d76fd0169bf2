import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureBoot, resetBootConfig, TftpServer } from '@ferric/boot-common';
import {
  buildCallbackRamdisk,
  qemuAvailability,
  runQemu,
  startCallbackServer,
  testKernel,
} from '@ferric/boot-common/testing';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import pxePlugin from '../src/index.js';

// The cloud kernel comes from Debian's archive (apt-get download); the rest from these packages.
const missing =
  qemuAvailability().reason ?? missingPeers('ipxe-qemu', 'busybox', 'pxelinux', 'syslinux-modules');

afterAll(() => resetBootConfig());

describe.skipIf(missing)(`real firmware PXE boot${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('SeaBIOS + PXE ROM load PXELINUX, its per-MAC config and the ramdisk from Ferric’s TFTP server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferric-pxe-e2e-'));
    configureBoot({ dataDir: dir });
    const kernel = await testKernel();
    const ramdisk = await buildCallbackRamdisk(kernel);
    const callbacks = await startCallbackServer();
    const tftp = new TftpServer({ root: join(dir, 'tftpboot'), host: '127.0.0.1', port: 0 });
    const mac = '52:54:00:12:34:56';
    try {
      const task = createTestTask(
        {
          driver: 'fake-hardware',
          bootInterface: 'pxe',
          driverInfo: {
            deploy_kernel: kernel.kernel,
            deploy_ramdisk: ramdisk,
            boot_mode: 'bios',
            kernel_append_params: 'console=ttyS0 quiet',
          },
        },
        { plugins: [pxePlugin], ports: [{ address: mac }] },
      );
      await task.driver.boot.prepareRamdisk(task, { ferric_callback: callbacks.guestUrl(task.node.uuid) });
      await tftp.start();
      const files: string[] = [];
      tftp.onTransfer = (log) => log.ok && files.push(log.filename);
      // slirp's DHCP hands out the bootfile; Ferric's TFTP server listens on 127.0.0.1 = the guest's 10.0.2.2.
      const result = await runQemu({
        timeoutSeconds: 150,
        args: [
          '-boot',
          'n',
          '-nic',
          `user,model=virtio-net-pci,mac=${mac},bootfile=tftp://10.0.2.2:${tftp.address().port}/pxelinux.0`,
        ],
        until: (output) => output.includes('FERRIC-TEST: callback'),
      });
      expect(result.output, result.output.slice(-3000)).toContain('FERRIC-TEST: callback ok');
      expect(callbacks.calls.map((c) => c.path)).toEqual([`/callback/${task.node.uuid}`]);
      expect(callbacks.calls[0]!.body).toContain('BOOTIF=01-52-54-00-12-34-56');
      expect(files).toEqual(
        expect.arrayContaining([
          'pxelinux.0',
          'pxelinux.cfg/01-52-54-00-12-34-56',
          `${task.node.uuid}/deploy_kernel`,
          `${task.node.uuid}/deploy_ramdisk`,
        ]),
      );
      await task.driver.boot.cleanUpRamdisk(task);
    } finally {
      await tftp.stop();
      await callbacks.close();
    }
  }, 240_000);
});
