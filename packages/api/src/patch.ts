import jsonpatch from 'fast-json-patch';
import { badRequest } from './errors.js';
import { MASK } from './masking.js';

/** One RFC 6902 operation as Ironic accepts it. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/**
 * Applies a JSON Patch to a resource document the way Ironic does: only `allowed` root fields may be
 * touched, `mandatory` ones can not be removed, removing a root field resets it to `defaults`, and
 * masked secrets written back (`******`) are left unchanged.
 * @returns the patched document (the input is not modified).
 * @throws ApiError 400 with Ironic-like messages.
 */
export function applyResourcePatch(
  doc: Record<string, unknown>,
  ops: readonly PatchOperation[],
  opts: {
    allowed: readonly string[];
    mandatory: readonly string[];
    defaults: Readonly<Record<string, unknown>>;
  },
): Record<string, unknown> {
  let current = structuredClone(doc);
  for (const op of ops) {
    const segments = op.path.split('/').slice(1).map(unescapeSegment);
    // fast-json-patch throws (outside its error reporting) on these; they are never real fields.
    if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s)))
      throw badRequest(`Invalid JSON Patch path ${op.path}: forbidden key.`);
    const root = segments[0]!;
    if (!opts.allowed.includes(root)) {
      if (!(root in doc))
        throw badRequest(`Adding a new attribute (/${root}) to the root of the resource is not allowed.`);
      throw badRequest(
        `Cannot patch /${root}. Only the following can be updated: ${opts.allowed.join(', ')}`,
      );
    }
    if ((op.op === 'add' || op.op === 'replace') && !Object.hasOwn(op, 'value')) {
      throw badRequest(`'value' is a mandatory attribute for the '${op.op}' operation on ${op.path}.`);
    }
    if (op.value === MASK) continue;
    if (segments.length === 1) {
      if (op.op === 'remove') {
        if (opts.mandatory.includes(root))
          throw badRequest(`'/${root}' is a mandatory attribute and can not be removed`);
        current[root] = structuredClone(opts.defaults[root] ?? null);
      } else {
        current[root] = structuredClone(op.value);
      }
      continue;
    }
    const error = jsonpatch.validate([op as jsonpatch.Operation], current);
    if (error) throw badRequest(patchErrorMessage(error, op));
    try {
      current = jsonpatch.applyPatch(current, [op as jsonpatch.Operation], false, false).newDocument;
    } catch (err) {
      throw badRequest(patchErrorMessage(err, op));
    }
  }
  return current;
}

/** Path segments that would reach an object's prototype. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function patchErrorMessage(err: unknown, op: PatchOperation): string {
  const name = (err as { name?: string }).name ?? '';
  if (name === 'OPERATION_PATH_UNRESOLVABLE' || name === 'OPERATION_PATH_CANNOT_ADD') {
    return `Can't ${op.op} ${op.path}: the path does not exist in the resource.`;
  }
  return `Invalid JSON Patch operation on ${op.path}: ${(err as Error).message?.split('\n')[0] ?? 'invalid'}`;
}
