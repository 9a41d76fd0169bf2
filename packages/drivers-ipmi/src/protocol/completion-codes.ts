/** Generic completion codes (IPMI v2.0 table 5-2). Command-specific codes (0x80–0xBE) are looked up per command. */
const GENERIC: Readonly<Record<number, string>> = {
  0: 'command completed normally',
  192: 'node busy',
  193: 'invalid command',
  194: 'command invalid for given LUN',
  195: 'timeout while processing command',
  196: 'out of space',
  197: 'reservation canceled or invalid reservation ID',
  198: 'request data truncated',
  199: 'request data length invalid',
  200: 'request data field length limit exceeded',
  201: 'parameter out of range',
  202: 'cannot return number of requested data bytes',
  203: 'requested sensor, data, or record not present',
  204: 'invalid data field in request',
  205: 'command illegal for specified sensor or record type',
  206: 'command response could not be provided',
  207: 'cannot execute duplicated request',
  208: 'SDR repository in update mode',
  209: 'device in firmware update mode',
  210: 'BMC initialization in progress',
  211: 'destination unavailable',
  212: 'insufficient privilege level',
  213: 'command not supported in present state',
  214: 'command sub-function disabled or unavailable',
  255: 'unspecified error',
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
  0: 'no errors',
  1: 'insufficient resources to create a session',
  2: 'invalid session ID',
  3: 'invalid payload type',
  4: 'invalid authentication algorithm',
  5: 'invalid integrity algorithm',
  6: 'no matching authentication payload',
  7: 'no matching integrity payload',
  8: 'inactive session ID',
  9: 'invalid role',
  10: 'unauthorized role or privilege level requested',
  11: 'insufficient resources to create a session at the requested role',
  12: 'invalid name length',
  13: 'unauthorized name',
  14: 'unauthorized GUID',
  15: 'invalid integrity check value',
  16: 'invalid confidentiality algorithm',
  17: 'no cipher suite match with proposed security algorithms',
  18: 'illegal or unrecognized parameter',
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
