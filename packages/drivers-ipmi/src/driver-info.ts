import {
  checkRequiredProperties,
  InvalidParameterValue,
  type JsonObject,
  type PropertyDescriptions,
} from '@ferric/core';
import type { PrivilegeName } from './protocol/constants.js';
import { CIPHER_SUITES } from './protocol/crypto.js';

/** Which client talks to the BMC: the built-in RMCP+ client, or the `ipmitool` binary. @public */
export type IpmiClientMode = 'native' | 'ipmitool';

/** `driver_info` of an IPMI node, parsed and checked. @public */
export interface IpmiDriverInfo {
  /** BMC host name or IP address. */
  address: string;
  /** UDP port (623). */
  port: number;
  /** User name ('' = null user). */
  username: string;
  /** Password ('' when none). Never log it. */
  password: string;
  /** Privilege level name. */
  privLevel: PrivilegeName;
  /** Privilege level number (1–5). */
  privilege: number;
  /** A fixed cipher suite, or undefined to negotiate (17, then 3). */
  cipherSuite: number | undefined;
  /** TCP port for a serial console proxy (validated, used by console interfaces). */
  terminalPort: number | undefined;
  /** First attempt's wait per IPMI request, ms. */
  requestTimeoutMs: number;
  /** Retries per IPMI request. */
  retries: number;
  /** Seconds to wait for a power state change to be visible. */
  powerTimeout: number;
  /** Seconds between power state polls. */
  powerPollInterval: number;
  /** Native client or the ipmitool binary. */
  client: IpmiClientMode;
  /** Set boot option parameter 3 so the BMC does not drop the boot device after 60 s (Ironic's default). */
  disableBootTimeout: boolean;
  /**
   * UUID of the node these settings belong to (not read from driver_info): the
   * session pool closes a node's previous session when its credentials change.
   */
  node?: string;
}

const PRIV_LEVELS: Record<PrivilegeName, number> = {
  CALLBACK: 1,
  USER: 2,
  OPERATOR: 3,
  ADMINISTRATOR: 4,
  OEM: 5,
};

/**
 * `driver_info` keys the `ipmitool` power and management implementations read,
 * under Ironic's names (plus Ferric's retry and client knobs).
 * @public
 */
export const IPMI_PROPERTIES: PropertyDescriptions = {
  ipmi_address: { description: 'IP address or host name of the BMC. Required.', required: true },
  ipmi_port: { description: "UDP port of the BMC's IPMI LAN interface. Optional, default 623." },
  ipmi_username: { description: 'User name on the BMC. Optional; empty means the anonymous (null) user.' },
  ipmi_password: {
    description: 'Password of the user (at most 20 bytes). Optional; never logged.',
    secret: true,
  },
  ipmi_priv_level: {
    description:
      'Privilege level: CALLBACK, USER, OPERATOR, ADMINISTRATOR or OEM. Optional, default ADMINISTRATOR.',
  },
  ipmi_cipher_suite: {
    description:
      'RMCP+ cipher suite: 3 (SHA1/AES) or 17 (SHA256/AES); 0, 1, 2, 6, 15, 16 are insecure and refused. Optional, default: negotiate 17 then 3.',
  },
  ipmi_protocol_version: {
    description: "IPMI protocol version; only '2.0' (lanplus) is supported. Optional.",
  },
  ipmi_terminal_port: {
    description: 'TCP port of the serial console proxy (for console interfaces). Optional.',
  },
  ipmi_request_timeout: {
    description:
      'Seconds to wait for the first attempt of each IPMI request (later attempts back off x1.5). Optional, default 1.',
  },
  ipmi_retries: { description: 'Retries of each IPMI request after the first attempt. Optional, default 2.' },
  ipmi_power_timeout: {
    description: 'Seconds to wait for the BMC to report a requested power state. Optional, default 60.',
  },
  ipmi_power_poll_interval: {
    description: 'Seconds between power state checks while waiting. Optional, default 1.',
  },
  ipmi_client: {
    description:
      "'native' (built-in RMCP+ client, default) or 'ipmitool' (shell out to the ipmitool binary, for quirky BMCs). Optional.",
  },
  ipmi_disable_boot_timeout: {
    description:
      'Ask the BMC not to clear the boot device after 60 s (boot option parameter 3). Optional, default true.',
  },
};

function fail(key: string, why: string): never {
  throw new InvalidParameterValue(`driver_info/${key} ${why}`, { details: { key } });
}

function integer(info: JsonObject, key: string, min: number, max: number, fallback: number): number;
function integer(
  info: JsonObject,
  key: string,
  min: number,
  max: number,
  fallback: undefined,
): number | undefined;
function integer(
  info: JsonObject,
  key: string,
  min: number,
  max: number,
  fallback: number | undefined,
): number | undefined {
  const raw = info[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    fail(key, `must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}.`);
  return n;
}

function number(info: JsonObject, key: string, min: number, max: number, fallback: number): number {
  const raw = info[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max)
    fail(key, `must be a number between ${min} and ${max}, got ${JSON.stringify(raw)}.`);
  return n;
}

function string(info: JsonObject, key: string): string {
  const raw = info[key];
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') fail(key, `must be a string, got ${typeof raw}.`);
  return raw;
}

function boolean(info: JsonObject, key: string, fallback: boolean): boolean {
  const raw = info[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string' && /^(true|yes|1|on)$/i.test(raw)) return true;
  if (typeof raw === 'string' && /^(false|no|0|off)$/i.test(raw)) return false;
  fail(key, `must be a boolean, got ${JSON.stringify(raw)}.`);
}

/**
 * Parse and check a node's `driver_info`. Throws `MissingParameterValue` when
 * `ipmi_address` is absent and `InvalidParameterValue` naming the key and the
 * accepted values for anything malformed. The password is never part of a message.
 * `node` (the node UUID) is carried along so the session pool can tell when a node's credentials change.
 * @public
 */
export function parseDriverInfo(info: JsonObject, node?: string): IpmiDriverInfo {
  checkRequiredProperties(IPMI_PROPERTIES, info);
  const address = string(info, 'ipmi_address').trim();
  if (!/^[A-Za-z0-9.:%_-]+$/.test(address))
    fail('ipmi_address', `is not a valid host name or IP address: ${JSON.stringify(address)}.`);
  const username = string(info, 'ipmi_username');
  if (Buffer.byteLength(username, 'utf8') > 16)
    fail('ipmi_username', 'must be at most 16 bytes (IPMI limit).');
  const password = string(info, 'ipmi_password');
  if (Buffer.byteLength(password, 'utf8') > 20)
    fail('ipmi_password', 'must be at most 20 bytes (IPMI v2.0 limit).');
  const privRaw = string(info, 'ipmi_priv_level') || 'ADMINISTRATOR';
  const privLevel = privRaw.toUpperCase() as PrivilegeName;
  if (!(privLevel in PRIV_LEVELS))
    fail(
      'ipmi_priv_level',
      `must be one of ${Object.keys(PRIV_LEVELS).join(', ')}, got ${JSON.stringify(privRaw)}.`,
    );
  const cipherSuite = integer(info, 'ipmi_cipher_suite', 0, 255, undefined);
  if (cipherSuite !== undefined) {
    if (!(cipherSuite in CIPHER_SUITES)) {
      fail('ipmi_cipher_suite', `${cipherSuite} is not supported; use 3 or 17.`);
    }
    if (cipherSuite !== 3 && cipherSuite !== 17) {
      fail('ipmi_cipher_suite', `${cipherSuite} has no integrity protection or no encryption; use 3 or 17.`);
    }
  }
  const version = info.ipmi_protocol_version;
  if (version !== undefined && version !== null && String(version) !== '2.0') {
    fail(
      'ipmi_protocol_version',
      `must be '2.0' (IPMI 1.5 is not supported), got ${JSON.stringify(version)}.`,
    );
  }
  const client = (string(info, 'ipmi_client') || 'native') as IpmiClientMode;
  if (client !== 'native' && client !== 'ipmitool')
    fail('ipmi_client', `must be 'native' or 'ipmitool', got ${JSON.stringify(client)}.`);
  return {
    address,
    port: integer(info, 'ipmi_port', 1, 65535, 623),
    username,
    password,
    privLevel,
    privilege: PRIV_LEVELS[privLevel],
    cipherSuite,
    terminalPort: integer(info, 'ipmi_terminal_port', 1, 65535, undefined),
    requestTimeoutMs: Math.round(number(info, 'ipmi_request_timeout', 0.05, 60, 1) * 1000),
    retries: integer(info, 'ipmi_retries', 0, 10, 2),
    powerTimeout: number(info, 'ipmi_power_timeout', 0, 3600, 60),
    powerPollInterval: number(info, 'ipmi_power_poll_interval', 0.01, 60, 1),
    client,
    disableBootTimeout: boolean(info, 'ipmi_disable_boot_timeout', true),
    ...(node !== undefined ? { node } : {}),
  };
}
