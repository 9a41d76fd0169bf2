import { createHash } from 'node:crypto';
import { Errors } from './errors.js';
import type { JsonValue } from './odata.js';

/** A strong ETag (`"…"`) derived from the rendered resource, so it changes whenever the resource does. */
export function etagOf(body: JsonValue): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16)}"`;
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/** Whether an `If-Match`/`If-None-Match` header value matches `etag` (weak comparison, `*` matches all). */
export function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || opaque(t) === opaque(etag));
}

/**
 * Enforces `If-Match`: throws `412 PreconditionFailed` when the header is present and does not match
 * the resource's current ETag.
 */
export function checkIfMatch(header: string | undefined, current: JsonValue, uri: string): void {
  if (header === undefined || header === '') return;
  if (!etagMatches(header, etagOf(current))) throw Errors.preconditionFailed(uri);
}
