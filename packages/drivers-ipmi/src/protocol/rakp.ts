import { IpmiProtocolError } from '../errors.js';

/** RMCP+ Open Session Request (IPMI v2.0 §13.17). */
export interface OpenSessionRequest {
  /** Message tag echoed by the BMC. */
  tag: number;
  /** Requested maximum privilege (0 = highest the user and channel allow). */
  privilege: number;
  /** Remote console (our) session ID. */
  consoleSessionId: number;
  /** Authentication algorithm. */
  auth: number;
  /** Integrity algorithm. */
  integrity: number;
  /** Confidentiality algorithm. */
  confidentiality: number;
}

/** Encode an Open Session Request: tag, privilege, reserved(2), console SID, three 8-byte algorithm payloads. */
export function encodeOpenSessionRequest(req: OpenSessionRequest): Buffer {
  const b = Buffer.alloc(32);
  b[0] = req.tag & 0xff;
  b[1] = req.privilege & 0x0f;
  b.writeUInt32LE(req.consoleSessionId >>> 0, 4);
  writeAlgorithm(b, 8, 0x00, req.auth);
  writeAlgorithm(b, 16, 0x01, req.integrity);
  writeAlgorithm(b, 24, 0x02, req.confidentiality);
  return b;
}

function writeAlgorithm(b: Buffer, offset: number, type: number, algorithm: number): void {
  b[offset] = type; // payload type; reserved(2); payload length 8; algorithm; reserved(3)
  b[offset + 3] = 0x08;
  b[offset + 4] = algorithm & 0x3f;
}

/** RMCP+ Open Session Response. */
export interface OpenSessionResponse {
  /** Message tag. */
  tag: number;
  /** RMCP+ status code (0 = success). */
  status: number;
  /** Maximum privilege granted. */
  privilege: number;
  /** Remote console session ID; null when an error response omits it (ipmi_sim sends only tag and status). */
  consoleSessionId: number | null;
  /** Managed system (BMC) session ID (only with status 0). */
  managedSessionId: number;
  /** Chosen authentication algorithm. */
  auth: number;
  /** Chosen integrity algorithm. */
  integrity: number;
  /** Chosen confidentiality algorithm. */
  confidentiality: number;
}

/** Decode an Open Session Response; on error statuses only tag/status/console SID are meaningful. */
export function decodeOpenSessionResponse(b: Buffer): OpenSessionResponse {
  if (b.length < 2) throw new IpmiProtocolError('Open Session Response too short');
  const status = b[1]!;
  const ok = status === 0;
  if (ok && b.length < 36) throw new IpmiProtocolError('Open Session Response too short');
  return {
    tag: b[0]!,
    status,
    privilege: (b[2] ?? 0) & 0x0f,
    consoleSessionId: b.length >= 8 ? b.readUInt32LE(4) : null,
    managedSessionId: ok ? b.readUInt32LE(8) : 0,
    auth: ok ? b[16]! & 0x3f : 0,
    integrity: ok ? b[24]! & 0x3f : 0,
    confidentiality: ok ? b[32]! & 0x3f : 0,
  };
}

/** RAKP Message 1 (IPMI v2.0 §13.20). */
export interface Rakp1 {
  /** Message tag. */
  tag: number;
  /** Managed system session ID from the Open Session Response. */
  managedSessionId: number;
  /** Remote console random number Rm (16 bytes). */
  consoleRandom: Uint8Array;
  /** Requested role byte: privilege (bits 3:0) | 0x10 for name-only lookup. */
  role: number;
  /** User name (0–16 bytes; empty = null user). */
  username: Uint8Array;
}

/** Encode RAKP 1: tag, reserved(3), managed SID, Rm, role, reserved(2), name length, name. */
export function encodeRakp1(m: Rakp1): Buffer {
  if (m.consoleRandom.length !== 16) throw new IpmiProtocolError('Rm must be 16 bytes');
  if (m.username.length > 16) throw new IpmiProtocolError('IPMI user names are at most 16 bytes');
  const b = Buffer.alloc(28 + m.username.length);
  b[0] = m.tag & 0xff;
  b.writeUInt32LE(m.managedSessionId >>> 0, 4);
  b.set(m.consoleRandom, 8);
  b[24] = m.role & 0xff;
  b[27] = m.username.length;
  b.set(m.username, 28);
  return b;
}

/** RAKP Message 2. */
export interface Rakp2 {
  /** Message tag. */
  tag: number;
  /** RMCP+ status code. */
  status: number;
  /** Remote console session ID; null when an error response omits it. */
  consoleSessionId: number | null;
  /** Managed system random number Rc (16 bytes). */
  bmcRandom: Buffer;
  /** Managed system GUID (16 bytes). */
  bmcGuid: Buffer;
  /** Key exchange authentication code (HMAC length of the auth algorithm). */
  authCode: Buffer;
}

/** Decode RAKP 2. */
export function decodeRakp2(b: Buffer): Rakp2 {
  if (b.length < 2) throw new IpmiProtocolError('RAKP 2 too short');
  const status = b[1]!;
  if (status !== 0) {
    return {
      tag: b[0]!,
      status,
      consoleSessionId: b.length >= 8 ? b.readUInt32LE(4) : null,
      bmcRandom: Buffer.alloc(0),
      bmcGuid: Buffer.alloc(0),
      authCode: Buffer.alloc(0),
    };
  }
  if (b.length < 40) throw new IpmiProtocolError('RAKP 2 too short');
  return {
    tag: b[0]!,
    status,
    consoleSessionId: b.readUInt32LE(4),
    bmcRandom: Buffer.from(b.subarray(8, 24)),
    bmcGuid: Buffer.from(b.subarray(24, 40)),
    authCode: Buffer.from(b.subarray(40)),
  };
}

/** Values both sides feed into the RAKP HMACs. */
export interface RakpContext {
  /** Remote console session ID (SIDm). */
  consoleSessionId: number;
  /** Managed system session ID (SIDc). */
  managedSessionId: number;
  /** Rm. */
  consoleRandom: Uint8Array;
  /** Rc. */
  bmcRandom: Uint8Array;
  /** GUIDc. */
  bmcGuid: Uint8Array;
  /** Role byte as sent in RAKP 1. */
  role: number;
  /** User name. */
  username: Uint8Array;
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function roleAndName(c: RakpContext): Buffer {
  return Buffer.concat([Buffer.from([c.role & 0xff, c.username.length]), c.username]);
}

/** RAKP 2 HMAC input: SIDm | SIDc | Rm | Rc | GUIDc | RoleM | ULengthM | UNameM. */
export function rakp2HmacInput(c: RakpContext): Buffer {
  return Buffer.concat([
    u32le(c.consoleSessionId),
    u32le(c.managedSessionId),
    c.consoleRandom,
    c.bmcRandom,
    c.bmcGuid,
    roleAndName(c),
  ]);
}

/** RAKP 3 HMAC input: Rc | SIDm | RoleM | ULengthM | UNameM. */
export function rakp3HmacInput(c: RakpContext): Buffer {
  return Buffer.concat([c.bmcRandom, u32le(c.consoleSessionId), roleAndName(c)]);
}

/** SIK input: Rm | Rc | RoleM | ULengthM | UNameM. */
export function sikInput(c: RakpContext): Buffer {
  return Buffer.concat([c.consoleRandom, c.bmcRandom, roleAndName(c)]);
}

/** RAKP 4 integrity check value input: Rm | SIDc | GUIDc. */
export function rakp4IcvInput(c: RakpContext): Buffer {
  return Buffer.concat([c.consoleRandom, u32le(c.managedSessionId), c.bmcGuid]);
}

/** Encode RAKP 3: tag, status, reserved(2), managed SID, key exchange auth code. */
export function encodeRakp3(
  tag: number,
  status: number,
  managedSessionId: number,
  authCode: Uint8Array,
): Buffer {
  const b = Buffer.alloc(8 + authCode.length);
  b[0] = tag & 0xff;
  b[1] = status & 0xff;
  b.writeUInt32LE(managedSessionId >>> 0, 4);
  b.set(authCode, 8);
  return b;
}

/** RAKP Message 4. */
export interface Rakp4 {
  /** Message tag. */
  tag: number;
  /** RMCP+ status code. */
  status: number;
  /** Remote console session ID; null when an error response omits it. */
  consoleSessionId: number | null;
  /** Integrity check value (truncated HMAC with SIK). */
  icv: Buffer;
}

/** Decode RAKP 4. */
export function decodeRakp4(b: Buffer): Rakp4 {
  if (b.length < 2) throw new IpmiProtocolError('RAKP 4 too short');
  if (b[1] === 0 && b.length < 8) throw new IpmiProtocolError('RAKP 4 too short');
  return {
    tag: b[0]!,
    status: b[1]!,
    consoleSessionId: b.length >= 8 ? b.readUInt32LE(4) : null,
    icv: Buffer.from(b.subarray(8)),
  };
}

// BMC side of the exchange: used by test BMCs and emulators (the inverse of the functions above).

/** Decode an Open Session Request (BMC side). */
export function decodeOpenSessionRequest(b: Buffer): OpenSessionRequest {
  if (b.length < 32) throw new IpmiProtocolError('Open Session Request too short');
  return {
    tag: b[0]!,
    privilege: b[1]! & 0x0f,
    consoleSessionId: b.readUInt32LE(4),
    auth: b[12]! & 0x3f,
    integrity: b[20]! & 0x3f,
    confidentiality: b[28]! & 0x3f,
  };
}

/** Encode an Open Session Response (BMC side); an error status sends only tag and status, as many BMCs do. */
export function encodeOpenSessionResponse(
  r: Omit<OpenSessionResponse, 'consoleSessionId'> & { consoleSessionId: number },
): Buffer {
  if (r.status !== 0) return Buffer.from([r.tag & 0xff, r.status & 0xff]);
  const b = Buffer.alloc(36);
  b[0] = r.tag & 0xff;
  b[2] = r.privilege & 0x0f;
  b.writeUInt32LE(r.consoleSessionId >>> 0, 4);
  b.writeUInt32LE(r.managedSessionId >>> 0, 8);
  writeAlgorithm(b, 12, 0x00, r.auth);
  writeAlgorithm(b, 20, 0x01, r.integrity);
  writeAlgorithm(b, 28, 0x02, r.confidentiality);
  return b;
}

/** Decode RAKP 1 (BMC side). */
export function decodeRakp1(b: Buffer): Rakp1 {
  if (b.length < 28 || b.length < 28 + b[27]!) throw new IpmiProtocolError('RAKP 1 too short');
  return {
    tag: b[0]!,
    managedSessionId: b.readUInt32LE(4),
    consoleRandom: Buffer.from(b.subarray(8, 24)),
    role: b[24]!,
    username: Buffer.from(b.subarray(28, 28 + b[27]!)),
  };
}

/** Encode RAKP 2 (BMC side): tag, status, reserved(2), console SID, Rc, GUIDc, key exchange auth code. */
export function encodeRakp2(m: Omit<Rakp2, 'consoleSessionId'> & { consoleSessionId: number }): Buffer {
  if (m.status !== 0) return Buffer.from([m.tag & 0xff, m.status & 0xff]);
  const b = Buffer.alloc(40);
  b[0] = m.tag & 0xff;
  b.writeUInt32LE(m.consoleSessionId >>> 0, 4);
  b.set(m.bmcRandom, 8);
  b.set(m.bmcGuid, 24);
  return Buffer.concat([b, m.authCode]);
}

/** Decoded RAKP 3 (BMC side). */
export interface Rakp3 {
  /** Message tag. */
  tag: number;
  /** Status the console reports (non-zero aborts the session). */
  status: number;
  /** Managed system session ID. */
  managedSessionId: number;
  /** Key exchange authentication code. */
  authCode: Buffer;
}

/** Decode RAKP 3 (BMC side). */
export function decodeRakp3(b: Buffer): Rakp3 {
  if (b.length < 8) throw new IpmiProtocolError('RAKP 3 too short');
  return {
    tag: b[0]!,
    status: b[1]!,
    managedSessionId: b.readUInt32LE(4),
    authCode: Buffer.from(b.subarray(8)),
  };
}

/** Encode RAKP 4 (BMC side). */
export function encodeRakp4(m: Omit<Rakp4, 'consoleSessionId'> & { consoleSessionId: number }): Buffer {
  if (m.status !== 0) return Buffer.from([m.tag & 0xff, m.status & 0xff]);
  const b = Buffer.alloc(8);
  b[0] = m.tag & 0xff;
  b.writeUInt32LE(m.consoleSessionId >>> 0, 4);
  return Buffer.concat([b, m.icv]);
}
