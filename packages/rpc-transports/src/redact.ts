import { isSecretKeyName, SECRET_MASK } from '@ferric/core';

/** Record fields whose nested secrets never leave a conductor over the wire. */
const SECRET_HOLDERS = new Set(['driverInfo', 'instanceInfo', 'driverInternalInfo']);

/**
 * A copy of an RPC result with every secret in node records (`driverInfo`, `instanceInfo`,
 * `driverInternalInfo`: passwords, tokens, config drives…) replaced by `******`. Callers of a
 * conductor over the wire are API processes, which show masked values anyway; conductors read
 * secrets from the database, never from another conductor's answer. So a stolen or forged call can
 * never read a BMC password back (`updateNode` answers the whole record).
 */
export function redactResult(value: unknown): unknown {
  return walk(value, false);
}

function walk(value: unknown, inSecretHolder: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, inSecretHolder));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (inSecretHolder && v !== null && v !== undefined && v !== '' && isSecretKeyName(k))
      out[k] = SECRET_MASK;
    else out[k] = walk(v, inSecretHolder || SECRET_HOLDERS.has(k));
  }
  return out;
}
