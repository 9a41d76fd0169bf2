import { IpmiProtocolError } from '../errors.js';
import { Command, NetFn } from '../protocol/constants.js';
import type { CommandRunner } from './runner.js';

/** Boot device selectors of boot option parameter 5, data byte 2 bits 5:2 (IPMI v2.0 table 28-14). */
export const BootDeviceSelector = {
  none: 0x0,
  pxe: 0x1,
  disk: 0x2,
  safe: 0x3,
  diagnostic: 0x4,
  cdrom: 0x5,
  bios: 0x6,
  remoteFloppy: 0x7,
  remoteCdrom: 0x8,
  remoteMedia: 0x9,
  remoteDisk: 0xb,
  floppy: 0xf,
} as const;

/** A boot device selector name. */
export type BootDeviceName = keyof typeof BootDeviceSelector;

/** Boot flags (parameter 5). */
export interface BootFlags {
  /** Device to boot from next (or always, if persistent). */
  device: BootDeviceName;
  /** Apply to all future boots, not just the next one. */
  persistent: boolean;
  /** Boot in UEFI mode rather than legacy BIOS. */
  efi: boolean;
}

/** Boot flags as read back, with the BMC's "valid" bit (some BMCs, e.g. ipmi_sim, never set it). */
export interface BootFlagsReading extends BootFlags {
  /** Boot flags valid bit (byte 1 bit 7). */
  valid: boolean;
  /** Raw 5 data bytes, for diagnostics. */
  raw: Buffer;
}

/** Encode Set System Boot Options parameter 5 request data. */
export function encodeBootFlags(flags: BootFlags): Buffer {
  const selector = BootDeviceSelector[flags.device];
  if (selector === undefined) throw new IpmiProtocolError(`unknown boot device ${flags.device}`);
  const b1 = 0x80 | (flags.persistent ? 0x40 : 0) | (flags.efi ? 0x20 : 0);
  return Buffer.from([0x05, b1, (selector & 0x0f) << 2, 0x00, 0x00, 0x00]);
}

/** Decode Get System Boot Options response for parameter 5. */
export function decodeBootFlags(d: Buffer): BootFlagsReading {
  if (d.length < 7 || (d[1]! & 0x7f) !== 5)
    throw new IpmiProtocolError('unexpected Get System Boot Options response');
  const data = d.subarray(2, 7);
  const selector = (data[1]! >> 2) & 0x0f;
  const name =
    (Object.keys(BootDeviceSelector) as BootDeviceName[]).find((k) => BootDeviceSelector[k] === selector) ??
    'none';
  return {
    device: name,
    valid: (data[0]! & 0x80) !== 0,
    persistent: (data[0]! & 0x40) !== 0,
    efi: (data[0]! & 0x20) !== 0,
    raw: Buffer.from(data),
  };
}

/** Set the boot device (parameter 5). */
export async function setBootFlags(runner: CommandRunner, flags: BootFlags): Promise<void> {
  await runner.request(NetFn.chassis, Command.setSystemBootOptions, encodeBootFlags(flags));
}

/** Get the boot flags (parameter 5). */
export async function getBootFlags(runner: CommandRunner): Promise<BootFlagsReading> {
  return decodeBootFlags(
    await runner.request(NetFn.chassis, Command.getSystemBootOptions, Buffer.from([0x05, 0x00, 0x00])),
  );
}
