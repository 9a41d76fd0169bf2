import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterValue, type Task } from '@ferric/core';
import type { DhcpOption, DhcpProvider } from '../dhcp-provider.js';
import { normalizeMac } from '../driver-info.js';
import { writeFileAtomic } from '../fs/atomic.js';

/** Options of {@link DnsmasqDhcpProvider}. @public */
export interface DnsmasqDhcpProviderOptions {
  /** dnsmasq's `dhcp-hostsdir`. */
  hostsDir: string;
  /** dnsmasq's `dhcp-optsdir`. */
  optsDir: string;
}

const SAFE_VALUE = /^[^\s,#\r\n]+$/;

/** The tag a port's options are keyed on (`ferric-<port uuid>`). @public */
export function portTag(portUuid: string): string {
  return `ferric-${portUuid}`;
}

/** The `dhcp-hostsdir` line of a port: its MAC, tagged. @public */
export function renderDnsmasqHost(mac: string, portUuid: string): string {
  return `${normalizeMac(mac)},set:${portTag(portUuid)},set:ferric\n`;
}

/** The `dhcp-optsdir` lines of a port. @public */
export function renderDnsmasqOptions(portUuid: string, options: readonly DhcpOption[]): string {
  return options
    .map((option) => {
      if (!SAFE_VALUE.test(option.name) || !SAFE_VALUE.test(option.value)) {
        throw new InvalidParameterValue(`Unsafe DHCP option ${option.name}=${option.value}.`);
      }
      const tags = [`tag:${portTag(portUuid)}`];
      if (option.tag) tags.push(`tag:${option.tag}`);
      return `${tags.join(',')},option:${option.name},${option.value}\n`;
    })
    .join('');
}

/**
 * Ironic's dnsmasq DHCP provider: one file per port in dnsmasq's
 * `dhcp-hostsdir` (MAC → tag) and `dhcp-optsdir` (tag → boot options), written
 * atomically. dnsmasq watches both directories and applies changes without a
 * restart. Register it with `configureBoot({ dhcp: new DnsmasqDhcpProvider(…) })`.
 * @public
 */
export class DnsmasqDhcpProvider implements DhcpProvider {
  constructor(private readonly options: DnsmasqDhcpProviderOptions) {}

  async updatePorts(task: Task, options: readonly DhcpOption[]): Promise<void> {
    for (const port of task.ports) {
      if (!port.pxeEnabled) continue;
      await writeFileAtomic(join(this.options.optsDir, port.uuid), renderDnsmasqOptions(port.uuid, options));
      await writeFileAtomic(
        join(this.options.hostsDir, port.uuid),
        renderDnsmasqHost(port.address, port.uuid),
      );
    }
  }

  async cleanPorts(task: Task): Promise<void> {
    for (const port of task.ports) {
      await rm(join(this.options.hostsDir, port.uuid), { force: true });
      await rm(join(this.options.optsDir, port.uuid), { force: true });
    }
  }
}
