/**
 * JSON encoding of RPC payloads that keeps `Date`s (node and port records carry timestamps) as
 * `{ "$date": "<ISO-8601>" }`, so the caller sees the same types as with the in-process transport.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

/** Inverse of {@link encode}. @throws SyntaxError on malformed JSON. */
export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'string') return new Date(o.$date);
    }
    return v;
  });
}
