import { describe, expect, it } from 'vitest';
import {
  decodeOpenSessionResponse,
  decodeRakp2,
  decodeRakp4,
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
} from './rakp.js';
import { RAKP_INPUTS, SUITE3 } from './test-vectors.js';

describe('RMCP+ Open Session (§13.17–13.18)', () => {
  it('encodes the request with three algorithm payloads', () => {
    const b = encodeOpenSessionRequest({
      tag: 0,
      privilege: 4,
      consoleSessionId: 0xa0a2a3a4,
      auth: 1,
      integrity: 1,
      confidentiality: 1,
    });
    expect(b.toString('hex')).toBe(
      '00040000' + 'a4a3a2a0' + '0000000801000000' + '0100000801000000' + '0200000801000000',
    );
  });
  it('decodes a success response', () => {
    const b = Buffer.from(
      '00000400' + 'a4a3a2a0' + '02000000' + '0000000803000000' + '0100000804000000' + '0200000801000000',
      'hex',
    );
    expect(decodeOpenSessionResponse(b)).toEqual({
      tag: 0,
      status: 0,
      privilege: 4,
      consoleSessionId: 0xa0a2a3a4,
      managedSessionId: 2,
      auth: 3,
      integrity: 4,
      confidentiality: 1,
    });
  });
  it('decodes an error response of 8 bytes', () => {
    const r = decodeOpenSessionResponse(Buffer.from('0011 0000 a4a3a2a0'.replace(/ /g, ''), 'hex'));
    expect(r.status).toBe(0x11);
    expect(r.managedSessionId).toBe(0);
  });
});

describe('RAKP messages (§13.20–13.23)', () => {
  it('encodes RAKP 1 with role byte and name', () => {
    const b = encodeRakp1({
      tag: 1,
      managedSessionId: 2,
      consoleRandom: RAKP_INPUTS.consoleRandom,
      role: 0x14,
      username: RAKP_INPUTS.username,
    });
    expect(b.toString('hex')).toBe(
      '01000000' + '02000000' + 'f874dfcd42fd00e543b8f3b9501b01c5' + '14' + '0000' + '05' + '61646d696e',
    );
  });
  it('decodes RAKP 2', () => {
    const b = Buffer.concat([
      Buffer.from('01000000a4a3a2a0', 'hex'),
      RAKP_INPUTS.bmcRandom,
      RAKP_INPUTS.bmcGuid,
      SUITE3.rakp2AuthCode,
    ]);
    const r = decodeRakp2(b);
    expect(r.bmcRandom).toEqual(RAKP_INPUTS.bmcRandom);
    expect(r.bmcGuid).toEqual(RAKP_INPUTS.bmcGuid);
    expect(r.authCode).toEqual(SUITE3.rakp2AuthCode);
    expect(r.consoleSessionId).toBe(0xa0a2a3a4);
  });
  it('decodes a RAKP 2 error (unauthorized name)', () => {
    expect(decodeRakp2(Buffer.from('010d0000a4a3a2a0', 'hex')).status).toBe(0x0d);
  });
  it('encodes RAKP 3 and decodes RAKP 4', () => {
    expect(encodeRakp3(2, 0, 2, SUITE3.rakp3AuthCode).toString('hex')).toBe(
      `0200000002000000${SUITE3.rakp3AuthCode.toString('hex')}`,
    );
    const r4 = decodeRakp4(Buffer.concat([Buffer.from('02000000a4a3a2a0', 'hex'), SUITE3.rakp4Icv]));
    expect(r4).toEqual({ tag: 2, status: 0, consoleSessionId: 0xa0a2a3a4, icv: SUITE3.rakp4Icv });
  });
});

describe('short error responses (ipmi_sim sends only tag and status)', () => {
  it('decodes a 2-byte Open Session Response error', () => {
    expect(decodeOpenSessionResponse(Buffer.from('0104', 'hex'))).toMatchObject({
      tag: 1,
      status: 4,
      consoleSessionId: null,
    });
  });
  it('decodes 2-byte RAKP 2 and RAKP 4 errors', () => {
    expect(decodeRakp2(Buffer.from('020d', 'hex'))).toMatchObject({
      tag: 2,
      status: 0x0d,
      consoleSessionId: null,
    });
    expect(decodeRakp4(Buffer.from('030f', 'hex'))).toMatchObject({
      tag: 3,
      status: 0x0f,
      consoleSessionId: null,
    });
  });
});
