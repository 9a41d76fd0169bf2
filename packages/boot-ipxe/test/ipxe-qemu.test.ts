import { mkdir, mkdtemp } from 'node:fs/promises';
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
import { createTestTask } from '@ferric/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import ipxePlugin from '../src/index.js';

// The cloud kernel comes from Debian's archive (apt-get download); the rest from these packages.
const missing = qemuAvailability().reason ?? missingPeers('ipxe-qemu', 'busybox');

afterAll(() => resetBootConfig());

describe.skipIf(missing)(`real firmware iPXE boot${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('iPXE fetches boot.ipxe, the per-MAC script, kernel and ramdisk from Ferric’s HTTP server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferric-ipxe-e2e-'));
    await mkdir(join(dir, 'httpboot'));
    const http = new BootHttpServer({ root: join(dir, 'httpboot'), host: '127.0.0.1', port: 0 });
    await http.start();
    const port = http.address().port;
    configureBoot({ dataDir: dir, httpUrl: `http://10.0.2.2:${port}` });
    const kernel = await testKernel();
    const ramdisk = await buildCallbackRamdisk(kernel);
    const callbacks = await startCallbackServer();
    const mac = '52:54:00:12:34:57';
    try {
      const task = createTestTask(
        {
          driver: 'fake-hardware',
          bootInterface: 'ipxe',
          driverInfo: {
            deploy_kernel: kernel.kernel,
            deploy_ramdisk: ramdisk,
            boot_mode: 'bios',
            kernel_append_params: 'console=ttyS0 quiet',
          },
        },
        { plugins: [ipxePlugin], ports: [{ address: mac }] },
      );
      await task.driver.boot.prepareRamdisk(task, { ferric_callback: callbacks.guestUrl(task.node.uuid) });
      const result = await runQemu({
        timeoutSeconds: 150,
        args: [
          '-boot',
          'n',
          '-nic',
          `user,model=virtio-net-pci,mac=${mac},bootfile=http://10.0.2.2:${port}/boot.ipxe`,
        ],
        until: (output) => output.includes('FERRIC-TEST: callback'),
      });
      expect(result.output, result.output.slice(-3000)).toContain('FERRIC-TEST: callback ok');
      expect(callbacks.calls.map((c) => c.path)).toEqual([`/callback/${task.node.uuid}`]);
      expect(callbacks.calls[0]!.body).toContain('initrd=ramdisk');
      expect(http.requests.filter((r) => r.status === 200).map((r) => r.path)).toEqual([
        '/boot.ipxe',
        '/pxelinux.cfg/52-54-00-12-34-57',
        `/${task.node.uuid}/deploy_kernel`,
        `/${task.node.uuid}/deploy_ramdisk`,
      ]);
      await task.driver.boot.cleanUpRamdisk(task);
    } finally {
      await callbacks.close();
      await http.stop();
    }
  }, 240_000);
});
