import { IpmiProtocolError } from '../errors.js';

/** RMCP message classes (DMTF ASF 2.0 §3.2.2.1). */
export const RmcpClass = { asf: 0x06, ipmi: 0x07 } as const;

/** RMCP header length: version, reserved, sequence, class. */
export const RMCP_HEADER_LENGTH = 4;

/** ASF IANA enterprise number (4542), the "IANA" field of every ASF message. */
const ASF_IANA = 4542;
const ASF_PING = 0x80;
const ASF_PONG = 0x40;

/**
 * RMCP header for a message of the given class. IPMI messages always use
 * sequence 0xFF ("no RMCP ACK"): IPMI does its own retries.
 */
export function encodeRmcpHeader(messageClass: number, sequence = 0xff): Buffer {
  return Buffer.from([0x06, 0x00, sequence & 0xff, messageClass & 0xff]);
}

/** Parsed RMCP header. */
export interface RmcpHeader {
  /** RMCP sequence number (0xFF = no ACK wanted). */
  sequence: number;
  /** Message class (low 5 bits) — 0x06 ASF, 0x07 IPMI. */
  messageClass: number;
  /** True for an RMCP ACK message (class bit 7). */
  ack: boolean;
}

/** Decode and validate the 4-byte RMCP header. */
export function decodeRmcpHeader(packet: Buffer): RmcpHeader {
  if (packet.length < RMCP_HEADER_LENGTH) throw new IpmiProtocolError('RMCP packet shorter than its header');
  if (packet[0] !== 0x06)
    throw new IpmiProtocolError(`unsupported RMCP version 0x${packet[0]!.toString(16)}`);
  const cls = packet[3]!;
  return { sequence: packet[2]!, messageClass: cls & 0x1f, ack: (cls & 0x80) !== 0 };
}

/** An ASF Presence Ping (ASF 2.0 §3.2.4.1): RMCP header, IANA, type 0x80, tag, reserved, length 0. */
export function encodeAsfPing(tag: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = ASF_PING;
  body[5] = tag & 0xff;
  body[6] = 0;
  body[7] = 0;
  return Buffer.concat([encodeRmcpHeader(RmcpClass.asf, 0xff), body]);
}

/** What an ASF Presence Pong says about the managed system. */
export interface AsfPong {
  /** Message tag echoed from the ping. */
  tag: number;
  /** OEM IANA enterprise number. */
  iana: number;
  /** OEM-defined value. */
  oem: number;
  /** True when the system supports IPMI (supported entities bit 7). */
  ipmiSupported: boolean;
  /** Supported entities byte (bits 3:0 = ASF version). */
  supportedEntities: number;
  /** Supported interactions byte (bit 5 = DASH, bit 7 = RMCP security extensions). */
  supportedInteractions: number;
}

/** Decode an ASF Presence Pong (returns null for any other ASF message). */
export function decodeAsfPong(packet: Buffer): AsfPong | null {
  const header = decodeRmcpHeader(packet);
  if (header.messageClass !== RmcpClass.asf) return null;
  const body = packet.subarray(RMCP_HEADER_LENGTH);
  if (body.length < 8 || body[4] !== ASF_PONG) return null;
  const length = body[7]!;
  if (length < 16 || body.length < 8 + 16) throw new IpmiProtocolError('ASF pong data shorter than 16 bytes');
  const data = body.subarray(8);
  return {
    tag: body[5]!,
    iana: data.readUInt32BE(0),
    oem: data.readUInt32BE(4),
    supportedEntities: data[8]!,
    supportedInteractions: data[9]!,
    ipmiSupported: (data[8]! & 0x80) !== 0,
  };
}
