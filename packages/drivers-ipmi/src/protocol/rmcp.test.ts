import { describe, expect, it } from 'vitest';
import { checksum, decodeIpmiResponse, encodeIpmiRequest } from './ipmi-message.js';
import { decodeAsfPong, decodeRmcpHeader, encodeAsfPing } from './rmcp.js';

describe('RMCP / ASF (DMTF ASF 2.0 §3.2)', () => {
  it('encodes a presence ping', () => {
    expect(encodeAsfPing(7).toString('hex')).toBe('0600ff06' + '000011be' + '80' + '07' + '00' + '00');
  });
  it('decodes a presence pong with IPMI support', () => {
    const pong = Buffer.from(
      '0600ff06' +
        '000011be' +
        '40' +
        '07' +
        '00' +
        '10' +
        '000011be' +
        '00000000' +
        '81' +
        '00' +
        '000000000000',
      'hex',
    );
    expect(decodeAsfPong(pong)).toEqual({
      tag: 7,
      iana: 4542,
      oem: 0,
      supportedEntities: 0x81,
      supportedInteractions: 0,
      ipmiSupported: true,
    });
  });
  it('rejects other RMCP versions', () => {
    expect(() => decodeRmcpHeader(Buffer.from('0500ff07', 'hex'))).toThrow(/version/);
  });
});

describe('IPMI LAN messages (§13.8)', () => {
  it('encodes Get Channel Authentication Capabilities with both checksums', () => {
    const m = encodeIpmiRequest({ netFn: 0x06, command: 0x38, rqSeq: 0, data: Buffer.from([0x8e, 0x04]) });
    expect(m.toString('hex')).toBe('2018c8810038' + '8e04' + 'b5');
  });
  it('decodes a response and checks checksums', () => {
    const msg = Buffer.from('811c6320043b0004', 'hex');
    const withSum = Buffer.concat([msg, Buffer.from([checksum(msg, 3)])]);
    expect(decodeIpmiResponse(withSum)).toMatchObject({
      netFn: 7,
      command: 0x3b,
      rqSeq: 1,
      completionCode: 0,
      data: Buffer.from([4]),
    });
    withSum[4] = 0x08;
    expect(() => decodeIpmiResponse(withSum)).toThrow(/checksum/);
  });
});
