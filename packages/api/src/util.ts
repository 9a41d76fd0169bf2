/** Ironic's timestamp form: ISO 8601 with `+00:00`. */
export function isoTime(d: Date | null | undefined): string | null {
  if (!d) return null;
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  return d.toISOString().replace('Z', '+00:00');
}

/** RFC 4122 UUID (any version), case-insensitive. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ironic's logical name rule (RFC 3986 unreserved characters). */
export const NAME_RE = /^[A-Za-z0-9\-._~]{1,255}$/;

/** MAC address (colon or dash separated). */
export const MAC_RE = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;

/** `{href, rel}` self and bookmark links of a resource. */
export function resourceLinks(base: string, path: string): { href: string; rel: string }[] {
  return [
    { href: `${base}/v1/${path}`, rel: 'self' },
    { href: `${base}/${path}`, rel: 'bookmark' },
  ];
}

/** Parses Ironic's loose booleans (`True`, `false`, `1`, `yes`…). */
export function parseBool(v: string | boolean | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  return ['true', '1', 'yes', 'on', 'y', 't'].includes(v.toLowerCase());
}

/** Deep equality for JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b as object, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
