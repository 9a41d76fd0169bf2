import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureBoot, type DhcpOption, resetBootConfig } from '@ferric/boot-common';
import { createTestTask } from '@ferric/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pxePlugin, { PxeLayout, renderGrubConfig, renderPxelinuxConfig } from '../src/index.js';

let dir: string;
const dhcpCalls: (readonly DhcpOption[] | 'clean')[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferric-pxe-'));
  await writeFile(join(dir, 'k'), 'kernel');
  await writeFile(join(dir, 'r'), 'ramdisk');
  dhcpCalls.length = 0;
  configureBoot({
    dataDir: dir,
    tftpServer: '192.0.2.1',
    syslinuxDirs: [dir],
    grubEfiFiles: [],
    dhcp: {
      updatePorts: async (_task, options) => void dhcpCalls.push(options),
      cleanPorts: async () => void dhcpCalls.push('clean'),
    },
  });
});
afterEach(() => resetBootConfig());

function pxeTask(extra: Record<string, unknown> = {}) {
  return createTestTask(
    {
      uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123',
      driver: 'fake-hardware',
      bootInterface: 'pxe',
      driverInfo: { deploy_kernel: join(dir, 'k'), deploy_ramdisk: join(dir, 'r'), boot_mode: 'bios' },
      ...extra,
    },
    {
      plugins: [pxePlugin],
      ports: [{ address: '52:54:00:12:34:56' }, { address: '52:54:00:12:34:57', pxeEnabled: false }],
    },
  );
}

describe('templates', () => {
  it('renders PXELINUX for the ramdisk and for local boot', () => {
    expect(
      renderPxelinuxConfig('n1', {
        kind: 'ramdisk',
        kernel: 'n1/deploy_kernel',
        ramdisk: 'n1/deploy_ramdisk',
        kernelParams: 'a=b',
      }),
    ).toBe(`# ferric-node: n1
default boot
prompt 0
timeout 0

label boot
  kernel n1/deploy_kernel
  append initrd=n1/deploy_ramdisk a=b
  ipappend 2
`);
    expect(renderPxelinuxConfig('n1', { kind: 'local' })).toContain('localboot 0');
  });

  it('renders GRUB for the ramdisk and for local boot', () => {
    const grub = renderGrubConfig('n1', {
      kind: 'ramdisk',
      kernel: 'n1/k',
      ramdisk: 'n1/r',
      kernelParams: 'a=b',
    });
    expect(grub).toContain('linux /n1/k a=b\n  initrd /n1/r');
    expect(grub.startsWith('# ferric-node: n1\n')).toBe(true);
    expect(renderGrubConfig('n1', { kind: 'local' })).toContain('exit');
  });

  it('names per-MAC files as the bootloaders look them up', () => {
    expect(PxeLayout.pxelinuxMacConfig('52:54:00:AB:CD:EF')).toBe('pxelinux.cfg/01-52-54-00-ab-cd-ef');
    expect(PxeLayout.grubMacConfig('52:54:00:ab:cd:ef')).toBe('grub/grub.cfg-01-52-54-00-ab-cd-ef');
  });
});

describe('PXEBoot', () => {
  it('prepares the deploy ramdisk: images, configs per PXE port, DHCP, one-time PXE boot', async () => {
    const task = pxeTask();
    await writeFile(join(dir, 'pxelinux.0'), 'bootloader');
    await writeFile(join(dir, 'ldlinux.c32'), 'module');
    task.driver.boot.validate(task);
    await task.driver.boot.prepareRamdisk(task, { 'ipa-api-url': 'http://192.0.2.1:6385' });
    const tftp = join(dir, 'tftpboot');
    const uuid = task.node.uuid;
    expect((await readdir(join(tftp, uuid))).sort()).toEqual(['config', 'deploy_kernel', 'deploy_ramdisk']);
    expect(await readFile(join(tftp, uuid, 'deploy_kernel'), 'utf8')).toBe('kernel');
    const config = await readFile(join(tftp, 'pxelinux.cfg', '01-52-54-00-12-34-56'), 'utf8');
    expect(config).toContain(`kernel ${uuid}/deploy_kernel`);
    expect(config).toContain('ipa-api-url=http://192.0.2.1:6385');
    expect(config).toContain('nofb vga=normal selinux=0');
    expect(await readdir(join(tftp, 'pxelinux.cfg'))).toEqual(['01-52-54-00-12-34-56']);
    expect(await readFile(join(tftp, 'pxelinux.0'), 'utf8')).toBe('bootloader');
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'pxe', persistent: false });
    expect(dhcpCalls[0]).toEqual([
      { name: 'bootfile-name', value: 'pxelinux.0' },
      { name: 'tftp-server', value: '192.0.2.1' },
      { name: 'server-ip-address', value: '192.0.2.1' },
    ]);

    // Switching to UEFI replaces the PXELINUX file with a GRUB one: nothing stale.
    task.node.driverInfo.boot_mode = 'uefi';
    await task.driver.boot.prepareRamdisk(task, {});
    expect(await readdir(join(tftp, 'pxelinux.cfg'))).toEqual([]);
    expect(await readdir(join(tftp, 'grub'))).toEqual(['grub.cfg-01-52-54-00-12-34-56']);

    await task.driver.boot.cleanUpRamdisk(task);
    expect(await readdir(join(tftp, 'grub'))).toEqual([]);
    expect(await readdir(join(tftp, uuid))).toEqual([]);
    expect(dhcpCalls.at(-1)).toBe('clean');
  });

  it('uses rescue images while rescuing', async () => {
    const task = pxeTask({ provisionState: 'rescuing' });
    await expect(task.driver.boot.validateRescue(task)).rejects.toThrow(/rescue_kernel/);
    task.node.driverInfo.rescue_kernel = join(dir, 'k');
    task.node.driverInfo.rescue_ramdisk = join(dir, 'r');
    await task.driver.boot.prepareRamdisk(task, {});
    expect((await readdir(join(dir, 'tftpboot', task.node.uuid))).sort()).toEqual([
      'config',
      'rescue_kernel',
      'rescue_ramdisk',
    ]);
  });

  it('boots local disk for instances, leaving no files', async () => {
    const task = pxeTask();
    await task.driver.boot.prepareRamdisk(task, {});
    await task.driver.boot.prepareInstance(task);
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'disk', persistent: true });
    expect(await readdir(join(dir, 'tftpboot'))).not.toContain(task.node.uuid);
    expect(await readdir(join(dir, 'tftpboot', 'pxelinux.cfg'))).toEqual([]);
  });

  it('network-boots ramdisk instances persistently', async () => {
    const task = pxeTask({
      instanceInfo: { boot_option: 'ramdisk', kernel: join(dir, 'k'), ramdisk: join(dir, 'r') },
    });
    await task.driver.boot.prepareInstance(task);
    const config = await readFile(join(dir, 'tftpboot', 'pxelinux.cfg', '01-52-54-00-12-34-56'), 'utf8');
    expect(config).toContain(`kernel ${task.node.uuid}/kernel`);
    expect(config).toContain('root=/dev/ram0');
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'pxe', persistent: true });
    await task.driver.boot.cleanUpInstance(task);
    expect(await readdir(join(dir, 'tftpboot'))).not.toContain(task.node.uuid);
  });

  it('validates ports and images', () => {
    const task = createTestTask({ driver: 'fake-hardware', bootInterface: 'pxe' }, { plugins: [pxePlugin] });
    expect(() => task.driver.boot.validate(task)).toThrow(/PXE-enabled port/);
    const withPort = pxeTask({ driverInfo: {} });
    expect(() => withPort.driver.boot.validate(withPort)).toThrow(/deploy_kernel, deploy_ramdisk/);
  });
});
