import { IpmiProtocolError } from '../errors.js';
import { Command, NetFn } from '../protocol/constants.js';
import type { CipherSuite } from '../protocol/crypto.js';
import type { CommandRunner } from './runner.js';

/** Get Channel Authentication Capabilities request data: channel 0x0E (this one) with the v2.0 bit, privilege. */
export function channelAuthCapabilitiesRequest(privilege: number): Buffer {
  return Buffer.from([0x8e, privilege & 0x0f]);
}

/** Decoded Get Channel Authentication Capabilities response (IPMI v2.0 §22.13). */
export interface ChannelAuthCapabilities {
  /** Channel number. */
  channel: number;
  /** The BMC supports IPMI v2.0 / RMCP+ on this channel. */
  ipmiV20: boolean;
  /** The BMC supports IPMI v1.5 on this channel. */
  ipmiV15: boolean;
  /** A non-null BMC key (Kg) is configured: the password alone is not enough. */
  kgRequired: boolean;
  /** Anonymous (null user, null password) login is enabled. */
  anonymousLogin: boolean;
}

/** Decode Get Channel Authentication Capabilities response data. */
export function decodeChannelAuthCapabilities(data: Buffer): ChannelAuthCapabilities {
  if (data.length < 8)
    throw new IpmiProtocolError('Get Channel Authentication Capabilities response too short');
  const extended = (data[1]! & 0x80) !== 0;
  return {
    channel: data[0]!,
    ipmiV20: extended && (data[3]! & 0x02) !== 0,
    ipmiV15: !extended || (data[3]! & 0x01) !== 0,
    kgRequired: (data[2]! & 0x20) !== 0,
    anonymousLogin: (data[2]! & 0x01) !== 0,
  };
}

/** Get Channel Cipher Suites request for one 16-byte chunk of the algorithm list (§22.15). */
export function cipherSuitesRequest(index: number): Buffer {
  // channel 0x0E (current), payload type IPMI, bit 7 = list by cipher suite
  return Buffer.from([0x0e, 0x00, 0x80 | (index & 0x3f)]);
}

/** Parse the concatenated cipher suite records (0xC0 standard, 0xC1 OEM) into suites. */
export function decodeCipherSuiteRecords(records: Buffer): CipherSuite[] {
  const suites: CipherSuite[] = [];
  let i = 0;
  while (i < records.length) {
    const start = records[i]!;
    let id: number;
    if (start === 0xc0) {
      id = records[i + 1] ?? -1;
      i += 2;
    } else if (start === 0xc1) {
      id = records[i + 1] ?? -1;
      i += 5; // OEM IANA (3 bytes) follows the ID
    } else {
      throw new IpmiProtocolError(`malformed cipher suite record at byte ${i}`);
    }
    const suite: CipherSuite = { id, auth: -1, integrity: -1, confidentiality: -1 };
    while (i < records.length && records[i] !== 0xc0 && records[i] !== 0xc1) {
      const b = records[i]!;
      const tag = b & 0xc0;
      if (tag === 0x00) suite.auth = b & 0x3f;
      else if (tag === 0x40) suite.integrity = b & 0x3f;
      else if (tag === 0x80) suite.confidentiality = b & 0x3f;
      i++;
    }
    if (id >= 0) suites.push(suite);
  }
  return suites;
}

/** Read the whole cipher suite list (up to 64 chunks of 16 bytes; a short chunk ends it). */
export async function getChannelCipherSuites(runner: CommandRunner): Promise<CipherSuite[]> {
  const chunks: Buffer[] = [];
  for (let index = 0; index < 64; index++) {
    const data = await runner.request(NetFn.app, Command.getChannelCipherSuites, cipherSuitesRequest(index));
    const chunk = data.subarray(1);
    chunks.push(chunk);
    if (chunk.length < 16) break;
  }
  return decodeCipherSuiteRecords(Buffer.concat(chunks));
}

/** Get Device ID response (IPMI v2.0 §20.1). */
export interface DeviceId {
  /** Device ID. */
  deviceId: number;
  /** Device revision (bits 3:0). */
  deviceRevision: number;
  /** Whether the device provides Device SDRs. */
  providesDeviceSdrs: boolean;
  /** Firmware revision as "major.minor" (minor is BCD). */
  firmwareRevision: string;
  /** IPMI version as "major.minor". */
  ipmiVersion: string;
  /** Additional device support bits (sensor, SDR repository, SEL, FRU, ...). */
  additionalSupport: number;
  /** Manufacturer IANA enterprise number. */
  manufacturerId: number;
  /** Product ID. */
  productId: number;
  /** Auxiliary firmware revision, if present. */
  auxFirmwareRevision?: Buffer;
}

/** Decode Get Device ID response data. */
export function decodeDeviceId(d: Buffer): DeviceId {
  if (d.length < 11) throw new IpmiProtocolError('Get Device ID response too short');
  const minor = d[3]!;
  return {
    deviceId: d[0]!,
    deviceRevision: d[1]! & 0x0f,
    providesDeviceSdrs: (d[1]! & 0x80) !== 0,
    firmwareRevision: `${d[2]! & 0x7f}.${((minor >> 4) * 10 + (minor & 0x0f)).toString().padStart(2, '0')}`,
    ipmiVersion: `${d[4]! & 0x0f}.${d[4]! >> 4}`,
    additionalSupport: d[5]!,
    manufacturerId: d[6]! | (d[7]! << 8) | ((d[8]! & 0x0f) << 16),
    productId: d.readUInt16LE(9),
    ...(d.length >= 15 ? { auxFirmwareRevision: Buffer.from(d.subarray(11, 15)) } : {}),
  };
}

/** Get Device ID. */
export async function getDeviceId(runner: CommandRunner): Promise<DeviceId> {
  return decodeDeviceId(await runner.request(NetFn.app, Command.getDeviceId));
}
