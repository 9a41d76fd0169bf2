import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { configureBoot, resetBootConfig } from '@ferric/boot-common';
import { createTestTask } from '@ferric/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import vmediaPlugin, { VmediaLayout } from '../src/index.js';

const run = promisify(execFile);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferric-vmedia-'));
  await writeFile(join(dir, 'k'), 'kernel');
  await writeFile(join(dir, 'r'), 'ramdisk');
  configureBoot({ dataDir: dir, httpUrl: 'http://192.0.2.1:8088' });
});
afterEach(() => resetBootConfig());

function vmediaTask(extra: Record<string, unknown> = {}) {
  return createTestTask(
    {
      driver: 'fake-hardware',
      bootInterface: 'redfish-virtual-media',
      driverInfo: { deploy_kernel: join(dir, 'k'), deploy_ramdisk: join(dir, 'r'), boot_mode: 'bios' },
      ...extra,
    },
    { plugins: [vmediaPlugin] },
  );
}

describe('VirtualMediaBoot', () => {
  it('names its files', () => {
    expect(VmediaLayout.isoName('deploy')).toBe('boot-deploy.iso');
  });

  // A BIOS boot ISO: ISOLINUX with xorriso.
  const missing = missingPeers('xorriso', 'isolinux', 'syslinux-modules');
  it.skipIf(missing)(
    'builds and publishes an ISO, inserts it, boots CD once, ejects and deletes on clean-up',
    async () => {
      const task = vmediaTask({
        driverInfo: {
          deploy_kernel: join(dir, 'k'),
          deploy_ramdisk: join(dir, 'r'),
          boot_mode: 'bios',
          config_via_removable: true,
        },
      });
      task.driver.boot.validate(task);
      await task.driver.boot.prepareRamdisk(task, { 'ipa-api-url': 'http://192.0.2.1:6385' });
      const uuid = task.node.uuid;
      expect(task.node.driverInternalInfo.fake_vmedia).toEqual({
        cdrom: `http://192.0.2.1:8088/${uuid}/boot-deploy.iso`,
        floppy: `http://192.0.2.1:8088/${uuid}/parameters.img`,
      });
      expect(task.node.driverInternalInfo.fake_boot_device).toEqual({
        boot_device: 'cdrom',
        persistent: false,
      });
      const iso = join(dir, 'httpboot', uuid, 'boot-deploy.iso');
      const { stdout } = await run('xorriso', [
        '-osirrox',
        'on',
        '-indev',
        iso,
        '-extract',
        '/isolinux/isolinux.cfg',
        join(dir, 'cfg'),
      ]).then(async () => ({
        stdout: await (await import('node:fs/promises')).readFile(join(dir, 'cfg'), 'utf8'),
      }));
      expect(stdout).toContain(
        'APPEND initrd=/initrd nofb vga=normal selinux=0 troubleshoot=0 text ipa-api-url=http://192.0.2.1:6385',
      );
      expect(await readdir(join(dir, 'vmedia'))).toEqual([]);

      await task.driver.boot.cleanUpRamdisk(task);
      expect(task.node.driverInternalInfo.fake_vmedia).toEqual({});
      expect(await readdir(join(dir, 'httpboot'))).toEqual(['.leases']);
      expect(await readdir(join(dir, 'httpboot', '.leases'))).toEqual([]);
    },
    60_000,
  );

  it('boots the disk for instances', async () => {
    const task = vmediaTask({ bootInterface: 'virtual-media' });
    await task.driver.boot.prepareInstance(task);
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'disk', persistent: true });
  });

  it('fails clearly when the management interface cannot attach media', async () => {
    const task = vmediaTask({ managementInterface: 'noop' });
    await expect(task.driver.boot.prepareRamdisk(task, {})).rejects.toMatchObject({
      code: 'UnsupportedDriverExtension',
    });
  });
});
