import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import { AgentClient } from '../src/client/agent-client.js';
import { configureAgent } from '../src/config.js';
import { type FakeApi, startFakeApi, until } from './helpers/host-agent.js';
import { freePort } from './helpers/net.js';
import { qemuAvailable, startVm, testAgentRamdisk, type Vm } from './helpers/qemu.js';

describe.skipIf(!qemuAvailable() || missingPeers('ipxe-qemu', 'busybox'))(
  'agent ramdisk in a QEMU VM',
  () => {
    let api: FakeApi | undefined;
    let vm: Vm | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'ferric-agent-vm-'));
    afterAll(async () => {
      vm?.kill();
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('boots, posts its inventory, looks up, heartbeats, writes an image to the virtio disk and powers off', {
      timeout: 180_000,
    }, async () => {
      const ramdisk = await testAgentRamdisk();
      const token = 'vm-token-0123456789abcdefghijklmnop';
      api = await startFakeApi('5a3a4c9e-4a57-4a0f-9d3c-5e0e0b7a0001', token);
      const image = randomBytes(4 * 1024 * 1024);
      api.files.set('/img.raw', image);
      const apiPort = Number(new URL(api.url).port);
      const hostPort = await freePort();
      const disk = join(dir, 'disk.raw');
      writeFileSync(disk, Buffer.alloc(16 * 1024 * 1024));
      vm = startVm([
        '-kernel',
        ramdisk.kernel,
        '-initrd',
        ramdisk.initramfs,
        '-append',
        `console=ttyS0 ipa-api-url=http://10.0.2.2:${apiPort} ferric-agent-advertise-url=http://127.0.0.1:${hostPort} ferric-heartbeat-interval=1 ipa-inspection-callback-url=http://10.0.2.2:${apiPort}/v1/continue_inspection`,
        '-nic',
        `user,model=virtio-net-pci,mac=52:54:00:12:34:56,hostfwd=tcp:127.0.0.1:${hostPort}-:9999`,
        '-drive',
        `file=${disk},if=virtio,format=raw`,
      ]);
      try {
        await until(() => (api!.heartbeats.length > 0 ? true : undefined), 120_000);
        expect(api.heartbeats[0]).toMatchObject({
          callback_url: `http://127.0.0.1:${hostPort}`,
          agent_token: token,
        });
        // In-band inspection: the inventory was posted before the lookup.
        const { inventory } = api.inventories[0] as {
          inventory: {
            interfaces: { mac_address: string }[];
            disks: { name: string; size: number }[];
            memory: { physical_mb: number };
            cpu: { count: number; architecture: string };
          };
        };
        expect(inventory.interfaces.map((i) => i.mac_address)).toEqual(['52:54:00:12:34:56']);
        expect(inventory.disks).toEqual([
          expect.objectContaining({ name: '/dev/vda', size: 16 * 1024 * 1024 }),
        ]);
        expect(inventory.cpu).toMatchObject({ count: 1, architecture: 'x86_64' });
        expect(inventory.memory.physical_mb).toBeGreaterThan(300);
        configureAgent({ commandTimeoutMs: 60_000 });
        const client = new AgentClient({ url: `http://127.0.0.1:${hostPort}`, token });
        await client.runCommand('standby.prepare_image', {
          image_info: {
            id: 'img',
            urls: [`http://10.0.2.2:${apiPort}/img.raw`],
            disk_format: 'raw',
            os_hash_algo: 'sha256',
            os_hash_value: createHash('sha256').update(image).digest('hex'),
          },
        });
        await client.runCommand('standby.power_off');
        await vm.exited;
        expect(readFileSync(disk).subarray(0, image.length).equals(image)).toBe(true);
      } catch (err) {
        writeFileSync(join(tmpdir(), 'ferric-agent-vm-serial.log'), vm.output());
        throw new Error(`${(err as Error).message}\n--- serial ---\n${vm.output().slice(-3000)}`);
      }
    });
  },
);
