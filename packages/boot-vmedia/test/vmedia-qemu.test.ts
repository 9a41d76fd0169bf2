import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootHttpServer, configureBoot, resetBootConfig } from '@ferric/boot-common';
import {
  buildCallbackRamdisk,
  qemuAvailability,
  runQemu,
  startCallbackServer,
  testKernel,
} from '@ferric/boot-common/testing';
import type { JsonObject } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import vmediaPlugin from '../src/index.js';

// The cloud kernel comes from Debian's archive (apt-get download); the rest from these packages.
const missing =
  qemuAvailability().reason ??
  missingPeers(
    'busybox',
    'ovmf',
    'xorriso',
    'isolinux',
    'syslinux-modules',
    'grub-mkrescue',
    'grub-bios',
    'grub-efi',
    'mtools',
  );

afterAll(() => resetBootConfig());

describe.skipIf(missing)(`real firmware virtual-media boot${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each(['bios', 'uefi'] as const)(
    'SeaBIOS boots the Ferric-built %s ISO fetched from the boot HTTP server as CD-ROM',
    async (bootMode) => {
      const dir = await mkdtemp(join(tmpdir(), 'ferric-vmedia-e2e-'));
      await mkdir(join(dir, 'httpboot'));
      const http = new BootHttpServer({ root: join(dir, 'httpboot'), host: '127.0.0.1', port: 0 });
      await http.start();
      // The "BMC" here is the test itself, on this host.
      configureBoot({ dataDir: dir, httpUrl: http.url });
      const kernel = await testKernel();
      const ramdisk = await buildCallbackRamdisk(kernel);
      const callbacks = await startCallbackServer();
      try {
        const task = createTestTask(
          {
            driver: 'fake-hardware',
            bootInterface: 'redfish-virtual-media',
            driverInfo: {
              deploy_kernel: kernel.kernel,
              deploy_ramdisk: ramdisk,
              boot_mode: bootMode,
              kernel_append_params: 'console=ttyS0 quiet',
            },
          },
          { plugins: [vmediaPlugin] },
        );
        await task.driver.boot.prepareRamdisk(task, {
          ferric_callback: callbacks.guestUrl(task.node.uuid),
        });
        const url = (task.node.driverInternalInfo.fake_vmedia as JsonObject).cdrom as string;
        const response = await fetch(url);
        expect(response.status).toBe(200);
        const iso = join(dir, 'inserted.iso');
        await writeFile(iso, Buffer.from(await response.arrayBuffer()));
        // 'uefi' builds the GRUB hybrid ISO; booting it with SeaBIOS exercises its BIOS half.
        const result = await runQemu({
          timeoutSeconds: 150,
          args: ['-cdrom', iso, '-boot', 'd', '-nic', 'user,model=virtio-net-pci'],
          until: (output) => output.includes('FERRIC-TEST: callback'),
        });
        expect(result.output, result.output.slice(-3000)).toContain('FERRIC-TEST: callback ok');
        expect(callbacks.calls.map((c) => c.path)).toEqual([`/callback/${task.node.uuid}`]);
        await task.driver.boot.cleanUpRamdisk(task);
        expect((await fetch(url)).status).toBe(404);
      } finally {
        await callbacks.close();
        await http.stop();
      }
    },
    240_000,
  );
});
