import type { IpxeConfig } from './ipxe-config.js';

/** The first line of every per-node script: ties per-MAC copies to their node for clean-up. @public */
export function ipxeNodeMarker(uuid: string): string {
  return `# ferric-node: ${uuid}`;
}

/**
 * The generic `boot.ipxe` at the HTTP root: DHCP hands it to iPXE (or PXE
 * firmware chain-loads iPXE, which then fetches it); it chains the per-MAC
 * script `pxelinux.cfg/${mac:hexhyp}` relative to its own URL, retrying, and
 * falls back to the local disk when the node has no configuration.
 * @public
 */
export function renderBootScript(config: IpxeConfig): string {
  return `#!ipxe
set attempts:int32 ${config.retries}
set i:int32 0

:chain
chain --autofree pxelinux.cfg/\${mac:hexhyp} && goto done ||
iseq \${i} \${attempts} && goto no_config ||
inc i
echo No configuration for \${mac} yet, retrying in ${config.retryDelaySeconds} s (\${i}/\${attempts})
sleep ${config.retryDelaySeconds}
goto chain

:no_config
echo PXE boot failed: no configuration found for MAC \${mac}. Booting the local disk.
sanboot --no-describe --drive 0x80 || exit

:done
`;
}

/** What a node's iPXE script boots. @public */
export interface IpxeTarget {
  kernelUrl: string;
  ramdiskUrl: string;
  kernelParams: string;
}

/**
 * A node's iPXE script: fetch kernel and ramdisk (with `initrd=` on the kernel
 * line, which UEFI kernels need), retrying up to `retries` times, then a
 * fallback menu (retry, local disk, shell, reboot).
 * @public
 */
export function renderNodeScript(uuid: string, target: IpxeTarget, config: IpxeConfig): string {
  return `#!ipxe
${ipxeNodeMarker(uuid)}
set attempts:int32 ${config.retries}
set i:int32 0

:boot
imgfree
kernel ${target.kernelUrl} ${target.kernelParams} initrd=ramdisk BOOTIF=01-\${mac:hexhyp} || goto retry
initrd --name ramdisk ${target.ramdiskUrl} || goto retry
boot || goto retry

:retry
iseq \${i} \${attempts} && goto menu ||
inc i
echo Boot attempt \${i}/\${attempts} failed, retrying in ${config.retryDelaySeconds} s
sleep ${config.retryDelaySeconds}
goto boot

:menu
menu Ferric: booting node ${uuid} failed
item again Retry
item local Boot from local disk
item shell iPXE shell
item reboot Reboot
choose --timeout ${config.menuTimeoutSeconds * 1000} --default reboot target && goto \${target} || goto reboot

:again
set i:int32 0
goto boot
:local
sanboot --no-describe --drive 0x80 || goto menu
:shell
shell
goto menu
:reboot
reboot
`;
}
