import type { Task } from '@ferric/core';

/**
 * One DHCP option for a node's ports (Ironic `dhcp_options_for_instance`). `tag`
 * restricts it to clients that are (`ipxe`) or are not (`!ipxe`) already running
 * iPXE, which is how PXE firmware is chain-loaded into iPXE.
 * @public
 */
export interface DhcpOption {
  /** `bootfile-name` (67), `tftp-server` (66), `server-ip-address` (siaddr / next-server)… */
  name: 'bootfile-name' | 'tftp-server' | 'server-ip-address' | (string & {});
  value: string;
  tag?: 'ipxe' | '!ipxe';
}

/**
 * The DHCP side of network boot: tell the DHCP server which boot options to hand
 * each PXE-enabled port of a node. Core has no DHCP provider abstraction yet, so
 * boot implementations call the one set with `configureBoot({ dhcp })`.
 * @public
 */
export interface DhcpProvider {
  /** Set `options` for every PXE-enabled port of the node (replaces earlier ones). */
  updatePorts(task: Task, options: readonly DhcpOption[]): Promise<void>;
  /** Remove whatever {@link DhcpProvider.updatePorts} set for the node's ports. */
  cleanPorts(task: Task): Promise<void>;
}
