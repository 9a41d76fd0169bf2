import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestTask } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';
import { DnsmasqDhcpProvider, renderDnsmasqConfig, renderDnsmasqOptions } from '../src/index.js';

const run = promisify(execFile);

describe('dnsmasq integration', () => {
  it('renders a configuration dnsmasq accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferric-dnsmasq-'));
    const config = renderDnsmasqConfig({
      interface: 'lo',
      dhcpRange: '192.0.2.100,192.0.2.200,12h',
      hostsDir: join(dir, 'hosts'),
      optsDir: join(dir, 'opts'),
      tftpServer: '192.0.2.1',
      defaultBoot: {
        bios: 'undionly.kpxe',
        uefi: 'snponly.efi',
        ipxeScriptUrl: 'http://192.0.2.1:8088/boot.ipxe',
      },
    });
    expect(config).toContain('dhcp-boot=tag:ipxe,http://192.0.2.1:8088/boot.ipxe');
    expect(config).toContain('dhcp-boot=tag:!ipxe,tag:!efi64,undionly.kpxe,,192.0.2.1');
    const file = join(dir, 'dnsmasq.conf');
    await writeFile(file, config);
    const dnsmasq = await run('sh', ['-c', 'command -v dnsmasq || ls /usr/sbin/dnsmasq']).catch(() => null);
    if (dnsmasq) {
      const { stdout, stderr } = await run(dnsmasq.stdout.trim().split('\n')[0]!, ['--test', '-C', file]);
      expect(`${stdout}${stderr}`).toMatch(/syntax check OK/);
    } else if (process.env.CI) {
      throw new Error('dnsmasq is required in CI');
    }
  });

  it('writes and removes per-port host and option files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferric-dnsmasq-'));
    const provider = new DnsmasqDhcpProvider({ hostsDir: join(dir, 'hosts'), optsDir: join(dir, 'opts') });
    const task = createTestTask(
      {},
      {
        ports: [
          { uuid: 'p1', address: '52:54:00:AA:BB:CC' },
          { uuid: 'p2', pxeEnabled: false },
        ],
      },
    );
    await provider.updatePorts(task, [
      { name: 'bootfile-name', value: 'undionly.kpxe', tag: '!ipxe' },
      { name: 'bootfile-name', value: 'http://192.0.2.1/boot.ipxe', tag: 'ipxe' },
    ]);
    expect(await readFile(join(dir, 'hosts', 'p1'), 'utf8')).toBe(
      '52:54:00:aa:bb:cc,set:ferric-p1,set:ferric\n',
    );
    expect(await readFile(join(dir, 'opts', 'p1'), 'utf8')).toBe(
      'tag:ferric-p1,tag:!ipxe,option:bootfile-name,undionly.kpxe\ntag:ferric-p1,tag:ipxe,option:bootfile-name,http://192.0.2.1/boot.ipxe\n',
    );
    await expect(readFile(join(dir, 'hosts', 'p2'))).rejects.toThrow();
    await provider.cleanPorts(task);
    await expect(readFile(join(dir, 'hosts', 'p1'))).rejects.toThrow();
    expect(() => renderDnsmasqOptions('p', [{ name: 'bootfile-name', value: 'a\nb' }])).toThrow();
  });
});
