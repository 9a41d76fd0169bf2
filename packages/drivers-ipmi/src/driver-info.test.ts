import { isFerricError } from '@ferric/core';
import { describe, expect, it } from 'vitest';
import { parseDriverInfo } from './driver-info.js';

const base = { ipmi_address: '10.0.0.5', ipmi_username: 'admin', ipmi_password: 's3cret' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isFerricError(e) ? e.code : 'not-ferric';
  }
  return undefined;
}

describe('parseDriverInfo', () => {
  it('applies Ironic defaults', () => {
    expect(parseDriverInfo(base)).toMatchObject({
      address: '10.0.0.5',
      port: 623,
      privLevel: 'ADMINISTRATOR',
      privilege: 4,
      cipherSuite: undefined,
      requestTimeoutMs: 1000,
      retries: 2,
      client: 'native',
      disableBootTimeout: true,
    });
  });
  it('accepts string numbers as Ironic does', () => {
    expect(
      parseDriverInfo({ ...base, ipmi_port: '6230', ipmi_cipher_suite: '17', ipmi_priv_level: 'operator' }),
    ).toMatchObject({
      port: 6230,
      cipherSuite: 17,
      privilege: 3,
    });
  });
  it('missing address: MissingParameterValue', () => {
    expect(codeOf(() => parseDriverInfo({}))).toBe('MissingParameterValue');
  });
  it.each([
    [{ ipmi_port: 70000 }, /ipmi_port must be an integer between 1 and 65535/],
    [{ ipmi_port: 'abc' }, /ipmi_port/],
    [
      { ipmi_priv_level: 'ROOT' },
      /ipmi_priv_level must be one of CALLBACK, USER, OPERATOR, ADMINISTRATOR, OEM/,
    ],
    [{ ipmi_cipher_suite: 0 }, /no integrity protection or no encryption; use 3 or 17/],
    [{ ipmi_cipher_suite: 42 }, /42 is not supported/],
    [{ ipmi_protocol_version: '1.5' }, /IPMI 1.5 is not supported/],
    [{ ipmi_client: 'curl' }, /'native' or 'ipmitool'/],
    [{ ipmi_username: 'x'.repeat(17) }, /at most 16 bytes/],
    [{ ipmi_password: 'x'.repeat(21) }, /at most 20 bytes/],
    [{ ipmi_address: 'bad host;rm' }, /not a valid host name/],
    [{ ipmi_disable_boot_timeout: 'maybe' }, /must be a boolean/],
  ])('rejects %j precisely', (extra, message) => {
    let err: unknown;
    try {
      parseDriverInfo({ ...base, ...extra });
    } catch (e) {
      err = e;
    }
    expect(isFerricError(err) && err.code).toBe('InvalidParameterValue');
    expect((err as Error).message).toMatch(message);
  });
  it('never echoes the password', () => {
    try {
      parseDriverInfo({ ...base, ipmi_password: 'p'.repeat(25) });
    } catch (e) {
      expect((e as Error).message).not.toContain('ppppp');
    }
  });
});
