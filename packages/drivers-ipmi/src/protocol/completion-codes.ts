/** Generic completion codes (IPMI v2.0 table 5-2). Command-specific codes (0x80–0xBE) are looked up per command. */
const GENERIC: Readonly<Record<number, string>> = {
  0x00: 'command completed normally',
  0xc0: 'node busy',
  0xc1: 'invalid command',
  0xc2: 'command invalid for given LUN',
  0xc3: 'timeout while processing command',
  0xc4: 'out of space',
  0xc5: 'reservation canceled or invalid reservation ID',
  0xc6: 'request data truncated',
  0xc7: 'request data length invalid',
  0xc8: 'request data field length limit exceeded',
  0xc9: 'parameter out of range',
  0xca: 'cannot return number of requested data bytes',
  0xcb: 'requested sensor, data, or record not present',
  0xcc: 'invalid data field in request',
  0xcd: 'command illegal for specified sensor or record type',
  0xce: 'command response could not be provided',
  0xcf: 'cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'device in firmware update mode',
  0xd2: 'BMC initialization in progress',
  0xd3: 'destination unavailable',
  0xd4: 'insufficient privilege level',
  0xd5: 'command not supported in present state',
  0xd6: 'command sub-function disabled or unavailable',
  0xff: 'unspecified error',
};

/** Command-specific meanings this driver knows about, keyed by `netFn:cmd:code`. */
const SPECIFIC: Readonly<Record<string, string>> = {
  '6:59:128': 'requested privilege level not available for this user', // Set Session Privilege 0x80
  '6:59:129': 'requested privilege level exceeds user or channel limit', // 0x81
  '6:59:130': 'cannot disable user-level authentication', // 0x82
  '6:60:135': 'invalid session ID in request', // Close Session 0x87
  '0:8:128': 'boot option parameter not supported', // Set System Boot Options 0x80
  '0:8:129': 'attempt to set "set in progress" while not in "set complete" state',
  '0:8:130': 'attempt to write a read-only parameter',
  '0:9:128': 'boot option parameter not supported',
};

/** Human-readable meaning of a completion code for the given request. */
export function completionCodeMeaning(netFn: number, command: number, code: number): string {
  const specific = SPECIFIC[`${netFn}:${command}:${code}`];
  if (specific) return specific;
  const generic = GENERIC[code];
  if (generic) return generic;
  if (code >= 0x01 && code <= 0x7e) return 'OEM completion code';
  if (code >= 0x80 && code <= 0xbe) return 'command-specific completion code';
  return 'unknown completion code';
}

/** RMCP+ and RAKP message status codes (IPMI v2.0 table 13-15). */
const RMCP_PLUS_STATUS: Readonly<Record<number, string>> = {
  0x00: 'no errors',
  0x01: 'insufficient resources to create a session',
  0x02: 'invalid session ID',
  0x03: 'invalid payload type',
  0x04: 'invalid authentication algorithm',
  0x05: 'invalid integrity algorithm',
  0x06: 'no matching authentication payload',
  0x07: 'no matching integrity payload',
  0x08: 'inactive session ID',
  0x09: 'invalid role',
  0x0a: 'unauthorized role or privilege level requested',
  0x0b: 'insufficient resources to create a session at the requested role',
  0x0c: 'invalid name length',
  0x0d: 'unauthorized name',
  0x0e: 'unauthorized GUID',
  0x0f: 'invalid integrity check value',
  0x10: 'invalid confidentiality algorithm',
  0x11: 'no cipher suite match with proposed security algorithms',
  0x12: 'illegal or unrecognized parameter',
};

/** Human-readable meaning of an RMCP+ / RAKP status code. */
export function rmcpPlusStatusMeaning(code: number): string {
  return RMCP_PLUS_STATUS[code] ?? `unknown status 0x${code.toString(16).padStart(2, '0')}`;
}

/** Status codes that mean "the cipher suite / algorithms were refused". */
export function isCipherStatus(code: number): boolean {
  return code === 0x04 || code === 0x05 || code === 0x06 || code === 0x07 || code === 0x10 || code === 0x11;
}

/** Status codes that mean "these credentials are not accepted". */
export function isAuthStatus(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x0f;
}
