import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootConfigurationError, configureBoot, resetBootConfig } from '@ferric/boot-common';
import { createTestTask } from '@ferric/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ipxePlugin, {
  configureIpxe,
  ipxeDhcpOptions,
  renderBootScript,
  renderNodeScript,
  resetIpxeConfig,
} from '../src/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferric-ipxe-'));
  await writeFile(join(dir, 'k'), 'kernel');
  await writeFile(join(dir, 'r'), 'ramdisk');
  configureBoot({ dataDir: dir, httpUrl: 'http://192.0.2.1:8088', ipxeDirs: [dir] });
});
afterEach(() => {
  resetBootConfig();
  resetIpxeConfig();
});

function ipxeTask(extra: Record<string, unknown> = {}) {
  return createTestTask(
    {
      driver: 'fake-hardware',
      bootInterface: 'ipxe',
      driverInfo: { deploy_kernel: join(dir, 'k'), deploy_ramdisk: join(dir, 'r') },
      ...extra,
    },
    { plugins: [ipxePlugin], ports: [{ address: '52:54:00:12:34:56' }] },
  );
}

describe('templates', () => {
  it('renders boot.ipxe chaining the per-MAC script with retries', () => {
    configureIpxe({ retries: 3, retryDelaySeconds: 2 });
    const script = renderBootScript({ retries: 3, retryDelaySeconds: 2, menuTimeoutSeconds: 30 });
    expect(script.startsWith('#!ipxe\n')).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: iPXE variable syntax, not a template
    expect(script).toContain('chain --autofree pxelinux.cfg/${mac:hexhyp} && goto done ||');
    expect(script).toContain('set attempts:int32 3');
    expect(script).toContain('sleep 2');
  });

  it('renders a node script with initrd= for UEFI, retries and a fallback menu', () => {
    const script = renderNodeScript(
      'n1',
      {
        kernelUrl: 'http://h/n1/deploy_kernel',
        ramdiskUrl: 'http://h/n1/deploy_ramdisk',
        kernelParams: 'a=b',
      },
      { retries: 10, retryDelaySeconds: 5, menuTimeoutSeconds: 30 },
    );
    expect(script.split('\n').slice(0, 2)).toEqual(['#!ipxe', '# ferric-node: n1']);
    expect(script).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: iPXE variable syntax, not a template
      'kernel http://h/n1/deploy_kernel a=b initrd=ramdisk BOOTIF=01-${mac:hexhyp} || goto retry',
    );
    expect(script).toContain('initrd --name ramdisk http://h/n1/deploy_ramdisk || goto retry');
    expect(script).toContain('choose --timeout 30000 --default reboot target');
    for (const label of ['again', 'local', 'shell', 'reboot', 'retry', 'menu', 'boot'])
      expect(script).toContain(`\n:${label}\n`);
  });

  it('hands PXE firmware the chain-loader and iPXE the script', () => {
    expect(ipxeDhcpOptions('bios')).toEqual([
      { name: 'bootfile-name', value: 'undionly.kpxe', tag: '!ipxe' },
      { name: 'bootfile-name', value: 'http://192.0.2.1:8088/boot.ipxe', tag: 'ipxe' },
    ]);
    expect(ipxeDhcpOptions('uefi')[0]!.value).toBe('snponly.efi');
  });
});

describe('IPXEBoot', () => {
  it('publishes images and scripts under a lease, sets one-time PXE, cleans up', async () => {
    await writeFile(join(dir, 'undionly.kpxe'), 'chainloader');
    const task = ipxeTask();
    task.driver.boot.validate(task);
    await task.driver.boot.prepareRamdisk(task, { 'ipa-api-url': 'http://192.0.2.1:6385' });
    const http = join(dir, 'httpboot');
    const uuid = task.node.uuid;
    expect((await readdir(join(http, uuid))).sort()).toEqual(['config', 'deploy_kernel', 'deploy_ramdisk']);
    const script = await readFile(join(http, 'pxelinux.cfg', '52-54-00-12-34-56'), 'utf8');
    expect(script).toBe(await readFile(join(http, uuid, 'config'), 'utf8'));
    expect(script).toContain(
      `kernel http://192.0.2.1:8088/${uuid}/deploy_kernel nofb vga=normal selinux=0 troubleshoot=0 text ipa-api-url=http://192.0.2.1:6385 initrd=ramdisk`,
    );
    expect(await readFile(join(http, 'boot.ipxe'), 'utf8')).toContain('#!ipxe');
    expect(await readdir(join(http, '.leases'))).toEqual([`${uuid}.json`]);
    expect(await readFile(join(dir, 'tftpboot', 'undionly.kpxe'), 'utf8')).toBe('chainloader');
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'pxe', persistent: false });

    await task.driver.boot.cleanUpRamdisk(task);
    expect(await readdir(http)).not.toContain(uuid);
    expect(await readdir(join(http, 'pxelinux.cfg'))).toEqual([]);
    expect(await readdir(join(http, '.leases'))).toEqual([]);
  });

  it('boots local disk or a ramdisk instance', async () => {
    const task = ipxeTask();
    await task.driver.boot.prepareInstance(task);
    expect(task.node.driverInternalInfo.fake_boot_device).toEqual({ boot_device: 'disk', persistent: true });
    task.node.instanceInfo = { boot_option: 'ramdisk', kernel: join(dir, 'k'), ramdisk: join(dir, 'r') };
    await task.driver.boot.prepareInstance(task);
    expect(await readFile(join(dir, 'httpboot', task.node.uuid, 'config'), 'utf8')).toContain(
      `/${task.node.uuid}/kernel root=/dev/ram0`,
    );
    await task.driver.boot.cleanUpInstance(task);
    expect(await readdir(join(dir, 'httpboot'))).not.toContain(task.node.uuid);
  });

  it('needs an HTTP URL', () => {
    configureBoot({ httpUrl: null });
    const task = ipxeTask();
    expect(() => task.driver.boot.validate(task)).toThrow(BootConfigurationError);
  });
});
