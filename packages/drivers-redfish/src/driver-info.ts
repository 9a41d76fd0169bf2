import { existsSync } from 'node:fs';
import {
  checkRequiredProperties,
  InvalidParameterValue,
  type JsonObject,
  type PropertyDescriptions,
} from '@ferric/core';

/** How the client authenticates (`redfish_auth_type`). @public */
export type RedfishAuthType = 'auto' | 'session' | 'basic';

/** Boot method implied by a Metal3-style address scheme (`redfish-virtualmedia+https://…`). @public */
export type RedfishBootHint = 'virtual-media' | 'uefi-http' | null;

/** `driver_info` of a Redfish node, parsed and checked. @public */
export interface RedfishDriverInfo {
  /** Origin of the Redfish service: `https://host:port`, no path, no credentials. */
  address: string;
  /** Full path of the ComputerSystem (`/redfish/v1/Systems/1`), or null to discover it. */
  systemId: string | null;
  /** User name, or null for no authentication. */
  username: string | null;
  /** Password, or null. Never logged. */
  password: string | null;
  /** `true` (system CAs), `false` (no verification) or a path to a CA bundle. */
  verifyCa: boolean | string;
  /** Authentication method. */
  authType: RedfishAuthType;
  /** Seconds each HTTP request may take. */
  requestTimeout: number;
  /** Attempts per request on connection errors and 5xx answers (1 = no retry). */
  connectionAttempts: number;
  /** Seconds before the first retry; doubled after each further attempt. */
  retryInterval: number;
  /** Seconds a hard power action may take to show on the BMC, when set on the node. */
  powerStateChangeTimeout: number | null;
  /** Boot method named by a Metal3-style address scheme, for boot interfaces to honour. */
  bootHint: RedfishBootHint;
}

/**
 * Every `driver_info` key the Redfish interfaces read (Ironic's
 * `redfish_utils.COMMON_PROPERTIES` plus Ferric's timeouts).
 * @public
 */
export const REDFISH_PROPERTIES: PropertyDescriptions = {
  redfish_address: {
    description:
      'The URL of the Redfish service: `https://host[:port]`, a bare host (HTTPS is assumed), or a Metal3-style URL such as `redfish+https://host/redfish/v1/Systems/1` or `redfish-virtualmedia+http://host:8000/redfish/v1/Systems/1`. Required.',
    required: true,
  },
  redfish_system_id: {
    description:
      'The ComputerSystem to manage: its full path (`/redfish/v1/Systems/1`) or its id (`1`). Optional when the BMC exposes exactly one system, or when the address already names one.',
  },
  redfish_username: { description: 'User name of the BMC account. Optional.' },
  redfish_password: { description: 'Password of the BMC account. Optional.', secret: true },
  redfish_verify_ca: {
    description:
      'TLS verification: `true` (default, system CAs), `false` (no verification; not recommended), or the path of a CA bundle (PEM) on the conductor.',
  },
  redfish_auth_type: {
    description:
      'Authentication: `auto` (default; session auth, falling back to HTTP Basic when the BMC has no usable SessionService), `session` or `basic`.',
  },
  redfish_request_timeout: { description: 'Seconds each HTTP request to the BMC may take. Default 60.' },
  redfish_connection_attempts: {
    description:
      'Attempts per request when the BMC is unreachable, drops the connection or answers 5xx. Default 5.',
  },
  redfish_retry_interval: {
    description:
      'Seconds before the first retry; the wait doubles after each attempt (at most 30 s). Default 1.',
  },
  power_state_change_timeout: {
    description:
      "Seconds to wait for the BMC to report a hard power action's target state, when the caller gives no timeout. Default 60 (soft actions: 600).",
  },
};

const SCHEME = /^([a-z][a-z0-9.+-]*):\/\//i;
const SYSTEM_PATH = /^\/redfish\/v1\/Systems\/[^/]+$/;

/** The result of {@link parseRedfishAddress}. @public */
export interface ParsedRedfishAddress {
  /** `http(s)://host[:port]`. */
  origin: string;
  /** The system path the URL names, if any. */
  systemPath: string | null;
  /** Boot method the scheme names, if any. */
  bootHint: RedfishBootHint;
}

/**
 * Parse `redfish_address`: plain `http(s)` URLs, bare hosts (HTTPS), and Metal3 BMC
 * URLs (`redfish://`, `redfish+http://`, `redfish+https://`, `redfish-virtualmedia[+http|+https]://`,
 * `redfish-uefihttp[+http|+https]://`; no `+transport` means HTTPS). A path is only allowed
 * when it is the service root or a ComputerSystem.
 * @throws `InvalidParameterValue` with a message that never repeats credentials.
 * @public
 */
export function parseRedfishAddress(address: string): ParsedRedfishAddress {
  const raw = address.trim();
  if (raw === '') throw new InvalidParameterValue('redfish_address is empty.');
  let bootHint: RedfishBootHint = null;
  let candidate = raw;
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    candidate = `https://${raw}`;
  } else if (scheme !== 'http' && scheme !== 'https') {
    const [family, transport, ...rest] = scheme.split('+');
    const hints: Record<string, RedfishBootHint> = {
      redfish: null,
      'redfish-virtualmedia': 'virtual-media',
      'redfish-uefihttp': 'uefi-http',
    };
    if (
      family === undefined ||
      !(family in hints) ||
      rest.length > 0 ||
      (transport !== undefined && transport !== 'http' && transport !== 'https')
    ) {
      throw new InvalidParameterValue(
        `redfish_address has an unsupported scheme '${scheme}': use http, https, redfish, redfish-virtualmedia or redfish-uefihttp, optionally with +http or +https.`,
      );
    }
    bootHint = hints[family] ?? null;
    candidate = `${transport ?? 'https'}://${raw.slice(scheme.length + 3)}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new InvalidParameterValue('redfish_address is not a valid URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidParameterValue(
      'redfish_address must not carry credentials; set redfish_username and redfish_password instead.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidParameterValue('redfish_address must not have a query or fragment.');
  }
  if (url.hostname === '') throw new InvalidParameterValue('redfish_address has no host.');
  const path = url.pathname.replace(/\/+$/, '');
  let systemPath: string | null = null;
  if (SYSTEM_PATH.test(path)) systemPath = decodeURI(path);
  else if (path !== '' && path !== '/redfish/v1' && path !== '/redfish') {
    throw new InvalidParameterValue(
      `redfish_address may only name the service root or a system (/redfish/v1/Systems/<id>), not '${url.pathname}'.`,
    );
  }
  return { origin: url.origin, systemPath, bootHint };
}

/** Normalise `redfish_system_id`: an id becomes `/redfish/v1/Systems/<id>`. @public */
export function normaliseSystemId(systemId: string): string {
  const value = systemId.trim().replace(/\/+$/, '');
  if (value === '') throw new InvalidParameterValue('redfish_system_id is empty.');
  if (value.startsWith('/')) {
    if (!value.startsWith('/redfish/v1/')) {
      throw new InvalidParameterValue(
        `redfish_system_id '${value}' must be a path under /redfish/v1/ or a plain id.`,
      );
    }
    return value;
  }
  if (value.includes('/'))
    throw new InvalidParameterValue(`redfish_system_id '${value}' must be a path or a plain id.`);
  return `/redfish/v1/Systems/${encodeURIComponent(value)}`;
}

function optionalString(info: JsonObject, key: string): string | null {
  const value = info[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new InvalidParameterValue(`${key} must be a string.`);
  return value;
}

function positiveNumber(info: JsonObject, key: string, fallback: number, integer = false): number {
  const value = info[key];
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new InvalidParameterValue(
      `${key} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}.`,
    );
  }
  return n;
}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

function parseVerifyCa(value: unknown): boolean | string {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string')
    throw new InvalidParameterValue('redfish_verify_ca must be a boolean or a path to a CA bundle.');
  const lowered = value.trim().toLowerCase();
  if (TRUE.has(lowered)) return true;
  if (FALSE.has(lowered)) return false;
  if (!existsSync(value)) {
    throw new InvalidParameterValue(
      `redfish_verify_ca '${value}' is neither a boolean nor an existing CA bundle file.`,
    );
  }
  return value;
}

/**
 * Parse and check a node's `driver_info` for the Redfish interfaces. Fast and
 * offline (the API calls `validate` synchronously): no request is sent.
 * @throws `MissingParameterValue` when `redfish_address` is absent.
 * @throws `InvalidParameterValue` on malformed values.
 * @public
 */
export function parseDriverInfo(driverInfo: JsonObject): RedfishDriverInfo {
  checkRequiredProperties(REDFISH_PROPERTIES, driverInfo);
  const rawAddress = driverInfo.redfish_address;
  if (typeof rawAddress !== 'string') throw new InvalidParameterValue('redfish_address must be a string.');
  const parsed = parseRedfishAddress(rawAddress);
  const rawSystem = optionalString(driverInfo, 'redfish_system_id');
  const systemId = rawSystem === null ? null : normaliseSystemId(rawSystem);
  if (systemId !== null && parsed.systemPath !== null && systemId !== parsed.systemPath) {
    throw new InvalidParameterValue(
      `redfish_address names system ${parsed.systemPath} but redfish_system_id is ${systemId}; give one or make them agree.`,
    );
  }
  const authType = optionalString(driverInfo, 'redfish_auth_type') ?? 'auto';
  if (authType !== 'auto' && authType !== 'session' && authType !== 'basic') {
    throw new InvalidParameterValue(
      `redfish_auth_type must be one of auto, session, basic; got '${authType}'.`,
    );
  }
  const username = optionalString(driverInfo, 'redfish_username');
  const password = optionalString(driverInfo, 'redfish_password');
  if (password !== null && username === null) {
    throw new InvalidParameterValue('redfish_password is set but redfish_username is not.');
  }
  const powerTimeout = driverInfo.power_state_change_timeout;
  return {
    address: parsed.origin,
    systemId: systemId ?? parsed.systemPath,
    username,
    password,
    verifyCa: parseVerifyCa(driverInfo.redfish_verify_ca),
    authType,
    requestTimeout: positiveNumber(driverInfo, 'redfish_request_timeout', 60),
    connectionAttempts: positiveNumber(driverInfo, 'redfish_connection_attempts', 5, true),
    retryInterval: positiveNumber(driverInfo, 'redfish_retry_interval', 1),
    powerStateChangeTimeout:
      powerTimeout === undefined || powerTimeout === null || powerTimeout === ''
        ? null
        : positiveNumber(driverInfo, 'power_state_change_timeout', 60),
    bootHint: parsed.bootHint,
  };
}
