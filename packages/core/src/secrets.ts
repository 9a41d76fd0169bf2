/**
 * Which keys of `driver_info`, `instance_info` and `driver_internal_info` hold secrets: one rule for
 * every place that must not show them (API responses, conductor RPC results, logs).
 */

/** The mask Ironic shows instead of a secret. @public */
export const SECRET_MASK = '******';

/**
 * Key fragments that mark a secret (oslo.utils `_SANITIZE_KEYS` plus SNMP/IPMI keys), matched
 * case-insensitively as substrings.
 * @public
 */
export const SECRET_KEY_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'pass',
  'pswd',
  'secret',
  'token',
  'credential',
  'private',
  'auth_key',
  'priv_key',
  'encryption_key',
  'api_key',
  'ssh_key',
  'ipmi_kg',
  'configdrive',
];

/** Whether a key's value is a secret by name (drivers may declare more keys secret). @public */
export function isSecretKeyName(key: string): boolean {
  const k = key.toLowerCase();
  return SECRET_KEY_FRAGMENTS.some((f) => k.includes(f));
}
