import { IpmiProtocolError } from '../errors.js';
import { AuthType } from './constants.js';
import { decryptAesCbc128, encryptAesCbc128, integrityCode, integrityLength, safeEqual } from './crypto.js';
import { decodeRmcpHeader, encodeRmcpHeader, RMCP_HEADER_LENGTH, RmcpClass } from './rmcp.js';

/** Session security state used to protect and verify RMCP+ packets; absent before activation. */
export interface SessionSecurity {
  /** Integrity algorithm number (0 = none). */
  integrity: number;
  /** Confidentiality algorithm number (0 = none). */
  confidentiality: number;
  /** Integrity key K1. */
  k1: Uint8Array;
  /** Confidentiality key source K2. */
  k2: Uint8Array;
}

/** One IPMI-over-LAN packet, decoded from the wire. */
export interface SessionPacket {
  /** 0x00 (IPMI v1.5 unauthenticated) or 0x06 (RMCP+). */
  authType: number;
  /** RMCP+ payload type (always IPMI for v1.5). */
  payloadType: number;
  /** Whether the payload was encrypted on the wire. */
  encrypted: boolean;
  /** Whether an integrity trailer was present (and verified). */
  authenticated: boolean;
  /** Session ID in the header (the receiver's ID for the session). */
  sessionId: number;
  /** Session sequence number. */
  sequence: number;
  /** Plaintext payload. */
  payload: Buffer;
}

/** Encode an IPMI v1.5 packet without authentication (only used before a session exists). */
export function encodeV15Packet(message: Uint8Array): Buffer {
  const header = Buffer.alloc(10);
  header[0] = AuthType.none; // seq (4) and session ID (4) are zero outside a session
  header[9] = message.length;
  return Buffer.concat([encodeRmcpHeader(RmcpClass.ipmi), header, message]);
}

/** Parameters of an outgoing RMCP+ packet. */
export interface V20PacketParams {
  /** Payload type (without the encrypted/authenticated bits). */
  payloadType: number;
  /** The BMC's (managed system's) session ID, or 0 before activation. */
  sessionId: number;
  /** Outbound session sequence number, or 0 before activation. */
  sequence: number;
  /** Plaintext payload. */
  payload: Uint8Array;
  /** Security state; omit for pre-session payloads. */
  security?: SessionSecurity;
  /** Fixed IV for reproducible encodings (tests); random otherwise. */
  iv?: Uint8Array;
}

/**
 * Encode an RMCP+ packet: RMCP header, authtype 0x06, payload type with
 * encrypted/authenticated bits, session ID, sequence, length, payload and,
 * with integrity, the 0xFF pad, pad length, next header 0x07 and AuthCode.
 */
export function encodeV20Packet(params: V20PacketParams): Buffer {
  const sec = params.security;
  const encrypt = !!sec && sec.confidentiality !== 0;
  const authenticate = !!sec && sec.integrity !== 0;
  const body = encrypt ? encryptAesCbc128(sec.k2, params.payload, params.iv) : Buffer.from(params.payload);
  const header = Buffer.alloc(12);
  header[0] = AuthType.rmcpPlus;
  header[1] = (params.payloadType & 0x3f) | (encrypt ? 0x80 : 0) | (authenticate ? 0x40 : 0);
  header.writeUInt32LE(params.sessionId >>> 0, 2);
  header.writeUInt32LE(params.sequence >>> 0, 6);
  header.writeUInt16LE(body.length, 10);
  if (!authenticate) return Buffer.concat([encodeRmcpHeader(RmcpClass.ipmi), header, body]);
  // Pad so that authtype..next-header is a multiple of 4 bytes (IPMI v2.0 §13.28.3).
  const padLength = (4 - ((header.length + body.length + 2) % 4)) % 4;
  const trailer = Buffer.alloc(padLength + 2, 0xff);
  trailer[padLength] = padLength;
  trailer[padLength + 1] = 0x07; // next header: reserved, always 0x07
  const covered = Buffer.concat([header, body, trailer]);
  return Buffer.concat([
    encodeRmcpHeader(RmcpClass.ipmi),
    covered,
    integrityCode(sec.integrity, sec.k1, covered),
  ]);
}

/**
 * Decode an IPMI-class packet (v1.5 or RMCP+). With `security`, an
 * authenticated packet's AuthCode is verified and an encrypted payload is
 * decrypted; a packet claiming protection we cannot check is rejected.
 */
export function decodeSessionPacket(packet: Buffer, security?: SessionSecurity): SessionPacket {
  const rmcp = decodeRmcpHeader(packet);
  if (rmcp.messageClass !== RmcpClass.ipmi) throw new IpmiProtocolError('not an IPMI-class RMCP message');
  const p = packet.subarray(RMCP_HEADER_LENGTH);
  if (p.length < 1) throw new IpmiProtocolError('empty IPMI session header');
  const authType = p[0]!;
  if (authType !== AuthType.rmcpPlus) {
    // IPMI v1.5: authtype, seq(4), session ID(4), [AuthCode(16)], length(1), message.
    const offset = authType === AuthType.none ? 9 : 25;
    if (p.length < offset + 1) throw new IpmiProtocolError('truncated IPMI v1.5 session header');
    const length = p[offset]!;
    if (p.length < offset + 1 + length) throw new IpmiProtocolError('truncated IPMI v1.5 payload');
    return {
      authType,
      payloadType: 0,
      encrypted: false,
      authenticated: authType !== AuthType.none,
      sequence: p.readUInt32LE(1),
      sessionId: p.readUInt32LE(5),
      payload: Buffer.from(p.subarray(offset + 1, offset + 1 + length)),
    };
  }
  if (p.length < 12) throw new IpmiProtocolError('truncated RMCP+ session header');
  const typeByte = p[1]!;
  const encrypted = (typeByte & 0x80) !== 0;
  const authenticated = (typeByte & 0x40) !== 0;
  const payloadType = typeByte & 0x3f;
  if (payloadType === 0x02) throw new IpmiProtocolError('OEM explicit payloads are not supported');
  const sessionId = p.readUInt32LE(2);
  const sequence = p.readUInt32LE(6);
  const length = p.readUInt16LE(10);
  if (p.length < 12 + length) throw new IpmiProtocolError('truncated RMCP+ payload');
  let body: Buffer = p.subarray(12, 12 + length);
  if (authenticated) {
    if (!security || security.integrity === 0) {
      throw new IpmiProtocolError('authenticated packet received without a negotiated integrity algorithm');
    }
    const codeLength = integrityLength(security.integrity);
    const padLength = (4 - ((12 + length + 2) % 4)) % 4;
    const coveredEnd = 12 + length + padLength + 2;
    if (p.length < coveredEnd + codeLength) throw new IpmiProtocolError('truncated RMCP+ integrity trailer');
    if (p[12 + length + padLength] !== padLength)
      throw new IpmiProtocolError('RMCP+ integrity pad length mismatch');
    const expected = integrityCode(security.integrity, security.k1, p.subarray(0, coveredEnd));
    if (!safeEqual(expected, p.subarray(coveredEnd, coveredEnd + codeLength))) {
      throw new IpmiProtocolError('RMCP+ packet failed its integrity check');
    }
  } else if (security && security.integrity !== 0 && sessionId !== 0) {
    throw new IpmiProtocolError('unauthenticated packet received inside an integrity-protected session');
  }
  if (encrypted) {
    if (!security || security.confidentiality === 0) {
      throw new IpmiProtocolError('encrypted packet received without a negotiated confidentiality algorithm');
    }
    body = decryptAesCbc128(security.k2, body);
  }
  return { authType, payloadType, encrypted, authenticated, sessionId, sequence, payload: Buffer.from(body) };
}
