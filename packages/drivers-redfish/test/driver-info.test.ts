import { InvalidParameterValue, MissingParameterValue } from '@ferric/core';
import { describe, expect, it } from 'vitest';
import { normaliseSystemId, parseDriverInfo, parseRedfishAddress } from '../src/index.js';

describe('redfish_address parsing', () => {
  it.each([
    ['https://bmc.example', 'https://bmc.example', null, null],
    ['bmc.example:8443', 'https://bmc.example:8443', null, null],
    ['10.0.0.5', 'https://10.0.0.5', null, null],
    ['[fd00::5]:8000', 'https://[fd00::5]:8000', null, null],
    ['http://127.0.0.1:8000/redfish/v1/', 'http://127.0.0.1:8000', null, null],
    ['redfish://bmc/redfish/v1/Systems/1', 'https://bmc', '/redfish/v1/Systems/1', null],
    ['redfish+https://host/redfish/v1/Systems/1', 'https://host', '/redfish/v1/Systems/1', null],
    [
      'redfish+http://host:8000/redfish/v1/Systems/node-0',
      'http://host:8000',
      '/redfish/v1/Systems/node-0',
      null,
    ],
    [
      'redfish-virtualmedia+http://host:8000/redfish/v1/Systems/a',
      'http://host:8000',
      '/redfish/v1/Systems/a',
      'virtual-media',
    ],
    [
      'redfish-virtualmedia://host/redfish/v1/Systems/a',
      'https://host',
      '/redfish/v1/Systems/a',
      'virtual-media',
    ],
    [
      'redfish-uefihttp+https://host/redfish/v1/Systems/a/',
      'https://host',
      '/redfish/v1/Systems/a',
      'uefi-http',
    ],
  ])('%s', (input, origin, systemPath, bootHint) => {
    expect(parseRedfishAddress(input)).toEqual({ origin, systemPath, bootHint });
  });

  it.each([
    ['ipmi://host', /unsupported scheme/],
    ['redfish+ftp://host', /unsupported scheme/],
    ['https://admin:secret@host', /must not carry credentials/],
    ['https://host/some/where', /only name the service root or a system/],
    ['https://host/?x=1', /query/],
    ['', /empty/],
  ])('rejects %s', (input, message) => {
    const error = (() => {
      try {
        parseRedfishAddress(input);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidParameterValue);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('driver_info', () => {
  it('requires redfish_address', () => {
    expect(() => parseDriverInfo({})).toThrow(MissingParameterValue);
  });

  it('fills defaults', () => {
    expect(parseDriverInfo({ redfish_address: 'bmc' })).toEqual({
      address: 'https://bmc',
      systemId: null,
      username: null,
      password: null,
      verifyCa: true,
      authType: 'auto',
      requestTimeout: 60,
      connectionAttempts: 5,
      retryInterval: 1,
      powerStateChangeTimeout: null,
      bootHint: null,
    });
  });

  it('takes the system from the URL or redfish_system_id, and rejects a mismatch', () => {
    expect(parseDriverInfo({ redfish_address: 'redfish+http://h/redfish/v1/Systems/1' }).systemId).toBe(
      '/redfish/v1/Systems/1',
    );
    expect(parseDriverInfo({ redfish_address: 'h', redfish_system_id: 'abc' }).systemId).toBe(
      '/redfish/v1/Systems/abc',
    );
    expect(() =>
      parseDriverInfo({
        redfish_address: 'redfish+http://h/redfish/v1/Systems/1',
        redfish_system_id: '/redfish/v1/Systems/2',
      }),
    ).toThrow(/agree/);
    expect(normaliseSystemId('/redfish/v1/Systems/x/')).toBe('/redfish/v1/Systems/x');
    expect(() => normaliseSystemId('/elsewhere/x')).toThrow(InvalidParameterValue);
  });

  it('parses verify_ca, auth type and timeouts', () => {
    expect(parseDriverInfo({ redfish_address: 'h', redfish_verify_ca: 'False' }).verifyCa).toBe(false);
    expect(parseDriverInfo({ redfish_address: 'h', redfish_verify_ca: false }).verifyCa).toBe(false);
    expect(parseDriverInfo({ redfish_address: 'h', redfish_verify_ca: 'yes' }).verifyCa).toBe(true);
    expect(parseDriverInfo({ redfish_address: 'h', redfish_verify_ca: import.meta.filename }).verifyCa).toBe(
      import.meta.filename,
    );
    expect(() => parseDriverInfo({ redfish_address: 'h', redfish_verify_ca: '/no/such/ca.pem' })).toThrow(
      /CA bundle/,
    );
    expect(parseDriverInfo({ redfish_address: 'h', redfish_auth_type: 'basic' }).authType).toBe('basic');
    expect(() => parseDriverInfo({ redfish_address: 'h', redfish_auth_type: 'digest' })).toThrow(/auth_type/);
    expect(
      parseDriverInfo({ redfish_address: 'h', redfish_request_timeout: '5', power_state_change_timeout: 30 }),
    ).toMatchObject({
      requestTimeout: 5,
      powerStateChangeTimeout: 30,
    });
    expect(() => parseDriverInfo({ redfish_address: 'h', redfish_connection_attempts: 1.5 })).toThrow(
      /integer/,
    );
    expect(() => parseDriverInfo({ redfish_address: 'h', redfish_password: 'p' })).toThrow(
      /redfish_username/,
    );
  });
});
