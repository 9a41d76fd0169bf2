import { describe, expect, it } from 'vitest';
import { IpmiProtocolError } from '../errors.js';
import { decodeIpmiResponse } from './ipmi-message.js';
import { decodeSessionPacket, encodeV15Packet, encodeV20Packet, type SessionSecurity } from './packet.js';
import { SET_PRIV_REQUEST, SUITE3, SUITE17 } from './test-vectors.js';

const suite3: SessionSecurity = { integrity: 1, confidentiality: 1, k1: SUITE3.k1, k2: SUITE3.k2 };
const suite17: SessionSecurity = { integrity: 4, confidentiality: 1, k1: SUITE17.k1, k2: SUITE17.k2 };

describe('IPMI v1.5 session wrapper', () => {
  it('encodes Get Channel Authentication Capabilities as ipmitool does', () => {
    const msg = Buffer.from('20 18 c8 81 00 38 8e 04 b5'.replace(/ /g, ''), 'hex');
    expect(encodeV15Packet(msg).toString('hex')).toBe(`0600ff0700000000000000000009${msg.toString('hex')}`);
  });
  it('decodes a v1.5 response', () => {
    const pkt = encodeV15Packet(Buffer.from([1, 2, 3]));
    const d = decodeSessionPacket(pkt);
    expect(d).toMatchObject({ authType: 0, sessionId: 0, sequence: 0, payload: Buffer.from([1, 2, 3]) });
  });
});

describe('RMCP+ packets', () => {
  it('suite 3: byte-exact with ipmitool (integrity pad, next header, HMAC-SHA1-96)', () => {
    const pkt = encodeV20Packet({
      payloadType: 0,
      sessionId: 2,
      sequence: 3,
      payload: SET_PRIV_REQUEST,
      security: suite3,
      iv: SUITE3.iv,
    });
    expect(pkt.toString('hex')).toBe(SUITE3.setPrivPacket.toString('hex'));
  });
  it('suite 17: byte-exact HMAC-SHA256-128 packet', () => {
    const pkt = encodeV20Packet({
      payloadType: 0,
      sessionId: 2,
      sequence: 3,
      payload: SET_PRIV_REQUEST,
      security: suite17,
      iv: SUITE3.iv,
    });
    expect(pkt.toString('hex')).toBe(SUITE17.setPrivPacket.toString('hex'));
    const back = decodeSessionPacket(pkt, suite17);
    expect(back).toMatchObject({ encrypted: true, authenticated: true, sessionId: 2, sequence: 3 });
    expect(back.payload).toEqual(SET_PRIV_REQUEST);
  });
  it('verifies and decrypts the BMC answer captured from ipmi_sim', () => {
    const d = decodeSessionPacket(SUITE3.setPrivResponse, suite3);
    expect(d).toMatchObject({
      payloadType: 0,
      sessionId: 0xa0a2a3a4,
      sequence: 1,
      encrypted: true,
      authenticated: true,
    });
    const r = decodeIpmiResponse(d.payload);
    expect(r).toMatchObject({ netFn: 0x07, command: 0x3b, rqSeq: 1, completionCode: 0 });
    expect(r.data).toEqual(Buffer.from([0x04]));
  });
  it('rejects a tampered packet', () => {
    const bad = Buffer.from(SUITE3.setPrivResponse);
    bad[20]! ^= 1;
    expect(() => decodeSessionPacket(bad, suite3)).toThrow(IpmiProtocolError);
  });
  it('pre-session payloads carry no trailer', () => {
    const pkt = encodeV20Packet({ payloadType: 0x10, sessionId: 0, sequence: 0, payload: Buffer.alloc(32) });
    expect(pkt.subarray(0, 16).toString('hex')).toBe('0600ff07' + '0610' + '00000000' + '00000000' + '2000');
    expect(pkt).toHaveLength(4 + 12 + 32);
  });
  it('integrity without confidentiality (suite 2) round-trips', () => {
    const sec: SessionSecurity = { integrity: 1, confidentiality: 0, k1: SUITE3.k1, k2: SUITE3.k2 };
    const pkt = encodeV20Packet({
      payloadType: 0,
      sessionId: 9,
      sequence: 1,
      payload: Buffer.from([1, 2, 3, 4, 5]),
      security: sec,
    });
    // 12 header + 5 payload + 1 pad + 2 = 20 (multiple of 4), then 12 AuthCode bytes
    expect(pkt).toHaveLength(4 + 20 + 12);
    expect(pkt[4 + 1]).toBe(0x40);
    expect(decodeSessionPacket(pkt, sec).payload).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });
});
