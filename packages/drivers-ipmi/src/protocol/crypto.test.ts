import { describe, expect, it } from 'vitest';
import {
  AuthAlgorithm,
  decryptAesCbc128,
  deriveSessionKeys,
  encryptAesCbc128,
  hmac,
  IntegrityAlgorithm,
  integrityCode,
  passwordKey,
} from './crypto.js';
import { rakp2HmacInput, rakp3HmacInput, rakp4IcvInput, sikInput } from './rakp.js';
import { RAKP_INPUTS, SET_PRIV_REQUEST, SUITE3, SUITE17 } from './test-vectors.js';

const kuid = passwordKey(RAKP_INPUTS.password);

describe('RAKP HMAC inputs (IPMI v2.0 §13.20–13.23)', () => {
  it('builds the byte strings ipmitool hashes', () => {
    expect(rakp2HmacInput(RAKP_INPUTS).toString('hex')).toBe(SUITE3.rakp2HmacInput.toString('hex'));
    expect(rakp3HmacInput(RAKP_INPUTS).toString('hex')).toBe(SUITE3.rakp3HmacInput.toString('hex'));
    expect(sikInput(RAKP_INPUTS).toString('hex')).toBe(SUITE3.sikInput.toString('hex'));
    expect(rakp4IcvInput(RAKP_INPUTS).toString('hex')).toBe(SUITE3.rakp4IcvInput.toString('hex'));
  });
});

describe('cipher suite 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128)', () => {
  it('computes the RAKP 2/3 key exchange codes', () => {
    expect(hmac('sha1', kuid, rakp2HmacInput(RAKP_INPUTS))).toEqual(SUITE3.rakp2AuthCode);
    expect(hmac('sha1', kuid, rakp3HmacInput(RAKP_INPUTS))).toEqual(SUITE3.rakp3AuthCode);
  });
  it('derives SIK, K1 and K2', () => {
    const keys = deriveSessionKeys(AuthAlgorithm.hmacSha1, kuid, sikInput(RAKP_INPUTS));
    expect(keys.sik).toEqual(SUITE3.sik);
    expect(keys.k1).toEqual(SUITE3.k1);
    expect(keys.k2).toEqual(SUITE3.k2);
  });
  it('computes the RAKP 4 ICV (HMAC-SHA1-96 with SIK)', () => {
    expect(hmac('sha1', SUITE3.sik, rakp4IcvInput(RAKP_INPUTS)).subarray(0, 12)).toEqual(SUITE3.rakp4Icv);
  });
  it('an unpadded password gives the same HMAC as the 20-byte key ipmitool uses', () => {
    expect(hmac('sha1', Buffer.from('password'), rakp2HmacInput(RAKP_INPUTS))).toEqual(SUITE3.rakp2AuthCode);
  });
});

describe('cipher suite 17 (RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128)', () => {
  it('computes the RAKP 2/3 key exchange codes', () => {
    expect(hmac('sha256', kuid, rakp2HmacInput(RAKP_INPUTS))).toEqual(SUITE17.rakp2AuthCode);
    expect(hmac('sha256', kuid, rakp3HmacInput(RAKP_INPUTS))).toEqual(SUITE17.rakp3AuthCode);
  });
  it('derives 32-byte SIK, K1 and K2 (K1/K2 from 20-byte constants)', () => {
    const keys = deriveSessionKeys(AuthAlgorithm.hmacSha256, kuid, sikInput(RAKP_INPUTS));
    expect(keys.sik).toEqual(SUITE17.sik);
    expect(keys.k1).toEqual(SUITE17.k1);
    expect(keys.k2).toEqual(SUITE17.k2);
  });
  it('matches what ipmitool -C 17 derived in a captured session (20-byte K1/K2 constants)', () => {
    // From `ipmitool -I lanplus -C 17 -vvvv` against test/harness/rmcp-bmc.ts, password "password".
    const input = Buffer.from(
      'ae7de1e39f477e0e321ab600a9613064d7959e269548213b2ab935e25407d56d140561646d696e',
      'hex',
    );
    const keys = deriveSessionKeys(AuthAlgorithm.hmacSha256, kuid, input);
    expect(keys.sik.toString('hex')).toBe('8189eab18769834ef2db280818b3f537d889a4636c246ca54021a5e96f6f4077');
    expect(keys.k1.toString('hex')).toBe('acd72bca280c4cab3e3fc1ca1497dcf9ca050c071147d813af87d6b2bb9742e5');
    expect(keys.k2.toString('hex')).toBe(
      '977767817807 6c83a62699e280bfc4fb9fc4b68240a92e0aa3a0d00f7310c46a'.replace(' ', ''),
    );
  });
  it('computes the RAKP 4 ICV truncated to 16 bytes', () => {
    expect(hmac('sha256', SUITE17.sik, rakp4IcvInput(RAKP_INPUTS)).subarray(0, 16)).toEqual(SUITE17.rakp4Icv);
  });
  it('HMAC-SHA256-128 truncates to 16 bytes', () => {
    expect(integrityCode(IntegrityAlgorithm.hmacSha256_128, SUITE17.k1, Buffer.from('x'))).toHaveLength(16);
  });
});

describe('AES-CBC-128 with IPMI padding (§13.29)', () => {
  it('pads with 1..N then N and encrypts with K2[0..16]', () => {
    const out = encryptAesCbc128(SUITE3.k2, SET_PRIV_REQUEST, SUITE3.iv);
    expect(out.subarray(0, 16)).toEqual(SUITE3.iv);
    expect(out.subarray(16).toString('hex')).toBe('46023f7d52d60dfce4246a326cfe975c');
    expect(decryptAesCbc128(SUITE3.k2, out)).toEqual(SET_PRIV_REQUEST);
  });
  it('adds a full pad-length byte when data is 15 mod 16, none when 15 bytes', () => {
    for (const n of [0, 1, 14, 15, 16, 31, 32]) {
      const data = Buffer.alloc(n, 0xab);
      const out = encryptAesCbc128(SUITE17.k2, data);
      expect((out.length - 16) % 16).toBe(0);
      expect(decryptAesCbc128(SUITE17.k2, out)).toEqual(data);
    }
  });
  it('rejects corrupted padding', () => {
    const out = encryptAesCbc128(SUITE3.k2, Buffer.from('hello'), SUITE3.iv);
    out[out.length - 1]! ^= 0xff;
    expect(() => decryptAesCbc128(SUITE3.k2, out)).toThrow(/pad/);
  });
});
