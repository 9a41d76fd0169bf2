import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { IpmiProtocolError } from '../errors.js';

/** RAKP authentication algorithms (IPMI v2.0 table 13-17). */
export const AuthAlgorithm = { none: 0x00, hmacSha1: 0x01, hmacMd5: 0x02, hmacSha256: 0x03 } as const;
/** Integrity algorithms (IPMI v2.0 table 13-18). */
export const IntegrityAlgorithm = {
  none: 0x00,
  hmacSha1_96: 0x01,
  hmacMd5_128: 0x02,
  md5_128: 0x03,
  hmacSha256_128: 0x04,
} as const;
/** Confidentiality algorithms (IPMI v2.0 table 13-19). */
export const ConfidentialityAlgorithm = { none: 0x00, aesCbc128: 0x01 } as const;

/** The algorithms of one cipher suite. */
export interface CipherSuite {
  /** Cipher suite ID (IPMI v2.0 table 22-20). */
  id: number;
  /** RAKP authentication algorithm. */
  auth: number;
  /** Session integrity algorithm. */
  integrity: number;
  /** Session confidentiality algorithm. */
  confidentiality: number;
}

/**
 * Cipher suites this client can speak. IDs 0–2, 6 and 15–16 are weak (no
 * integrity or no encryption) and are only used when explicitly allowed.
 */
export const CIPHER_SUITES: Readonly<Record<number, CipherSuite>> = {
  0: { id: 0, auth: 0, integrity: 0, confidentiality: 0 },
  1: { id: 1, auth: 1, integrity: 0, confidentiality: 0 },
  2: { id: 2, auth: 1, integrity: 1, confidentiality: 0 },
  3: { id: 3, auth: 1, integrity: 1, confidentiality: 1 },
  6: { id: 6, auth: 2, integrity: 0, confidentiality: 0 },
  15: { id: 15, auth: 3, integrity: 0, confidentiality: 0 },
  16: { id: 16, auth: 3, integrity: 4, confidentiality: 0 },
  17: { id: 17, auth: 3, integrity: 4, confidentiality: 1 },
};

/** Suites that authenticate, protect integrity and encrypt: the only ones used by default. */
export const SECURE_CIPHER_SUITES: readonly number[] = [17, 3];

/** Hash behind an RAKP authentication algorithm, or null for RAKP-none. */
export function authHash(auth: number): 'sha1' | 'md5' | 'sha256' | null {
  switch (auth) {
    case AuthAlgorithm.none:
      return null;
    case AuthAlgorithm.hmacSha1:
      return 'sha1';
    case AuthAlgorithm.hmacMd5:
      return 'md5';
    case AuthAlgorithm.hmacSha256:
      return 'sha256';
    default:
      throw new IpmiProtocolError(`unknown authentication algorithm ${auth}`);
  }
}

/** HMAC with the given hash. */
export function hmac(hash: string, key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac(hash, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * Kuid: the user password as HMAC key. ipmitool zero-pads it to 20 bytes; HMAC
 * pads short keys with zeros anyway, so both forms give the same MAC.
 */
export function passwordKey(password: string): Buffer {
  const raw = Buffer.from(password, 'utf8');
  if (raw.length > 20) throw new IpmiProtocolError('IPMI v2.0 passwords are at most 20 bytes');
  const key = Buffer.alloc(20);
  raw.copy(key);
  return key;
}

/** Session keys derived after RAKP (IPMI v2.0 §13.31–13.32). */
export interface SessionKeys {
  /** Session Integrity Key. */
  sik: Buffer;
  /** K1: integrity key, HMAC(SIK, 20 × 0x01). */
  k1: Buffer;
  /** K2: confidentiality key source, HMAC(SIK, 20 × 0x02). */
  k2: Buffer;
}

/**
 * SIK = HMAC_Kg(Rm | Rc | RoleM | ULengthM | UNameM); K1/K2 = HMAC_SIK(Const1/Const2).
 * The constants are 20 bytes of 0x01/0x02 whatever the hash (IPMI v2.0 §13.32
 * defines them as 20-byte values). Deriving them at the SHA-256 output length
 * (32) looks natural but is wrong: ipmitool -C 17 and real BMCs use 20.
 */
export function deriveSessionKeys(auth: number, kg: Uint8Array, sikInput: Uint8Array): SessionKeys {
  const hash = authHash(auth);
  if (!hash) return { sik: Buffer.alloc(0), k1: Buffer.alloc(0), k2: Buffer.alloc(0) };
  const sik = hmac(hash, kg, sikInput);
  return { sik, k1: hmac(hash, sik, Buffer.alloc(20, 0x01)), k2: hmac(hash, sik, Buffer.alloc(20, 0x02)) };
}

/** Length of the AuthCode trailer for an integrity algorithm. */
export function integrityLength(integrity: number): number {
  switch (integrity) {
    case IntegrityAlgorithm.none:
      return 0;
    case IntegrityAlgorithm.hmacSha1_96:
      return 12;
    case IntegrityAlgorithm.hmacSha256_128:
      return 16;
    default:
      throw new IpmiProtocolError(`integrity algorithm ${integrity} is not supported`);
  }
}

/** Integrity AuthCode over `data` (authtype byte through next-header byte): truncated HMAC with K1. */
export function integrityCode(integrity: number, k1: Uint8Array, data: Uint8Array): Buffer {
  switch (integrity) {
    case IntegrityAlgorithm.hmacSha1_96:
      return hmac('sha1', k1, data).subarray(0, 12);
    case IntegrityAlgorithm.hmacSha256_128:
      return hmac('sha256', k1, data).subarray(0, 16);
    default:
      throw new IpmiProtocolError(`integrity algorithm ${integrity} is not supported`);
  }
}

/** Length of the RAKP 4 integrity check value for an authentication algorithm (SHA1: 12, MD5: 16, SHA256: 16). */
export function rakp4IcvLength(auth: number): number {
  return auth === AuthAlgorithm.hmacSha1 ? 12 : auth === AuthAlgorithm.none ? 0 : 16;
}

/** Constant-time comparison that tolerates different lengths. */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * AES-CBC-128 payload (IPMI v2.0 §13.29): IV(16) | E(data | 1,2,..,N | N) with
 * N chosen so the plaintext is a multiple of 16. Key = first 16 bytes of K2.
 */
export function encryptAesCbc128(
  k2: Uint8Array,
  plain: Uint8Array,
  iv: Uint8Array = randomBytes(16),
): Buffer {
  const padLength = (16 - ((plain.length + 1) % 16)) % 16;
  const block = Buffer.alloc(plain.length + padLength + 1);
  block.set(plain, 0);
  for (let i = 0; i < padLength; i++) block[plain.length + i] = i + 1;
  block[block.length - 1] = padLength;
  const cipher = createCipheriv('aes-128-cbc', k2.subarray(0, 16), iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([Buffer.from(iv), cipher.update(block), cipher.final()]);
}

/** Reverse of {@link encryptAesCbc128}; verifies the IPMI pad bytes. */
export function decryptAesCbc128(k2: Uint8Array, payload: Uint8Array): Buffer {
  if (payload.length < 32 || payload.length % 16 !== 0) {
    throw new IpmiProtocolError(`encrypted payload has invalid length ${payload.length}`);
  }
  const decipher = createDecipheriv('aes-128-cbc', k2.subarray(0, 16), payload.subarray(0, 16));
  decipher.setAutoPadding(false);
  const block = Buffer.concat([decipher.update(payload.subarray(16)), decipher.final()]);
  const padLength = block[block.length - 1]!;
  if (padLength > 15) throw new IpmiProtocolError('encrypted payload has invalid pad length');
  const dataLength = block.length - 1 - padLength;
  for (let i = 0; i < padLength; i++) {
    if (block[dataLength + i] !== i + 1) throw new IpmiProtocolError('encrypted payload has invalid padding');
  }
  return block.subarray(0, dataLength);
}
