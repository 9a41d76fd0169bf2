import type { JsonObject } from '@ferric/core';

/** Parses a JSON document column; corrupt or non-object content yields `{}`. */
export function parseJsonObject(text: string | null | undefined): JsonObject {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/** Like {@link parseJsonObject} but keeps `null` for a NULL column. */
export function parseNullableJsonObject(text: string | null | undefined): JsonObject | null {
  return text == null ? null : parseJsonObject(text);
}

/** Current time as the ISO-8601 UTC text stored in timestamp columns. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Converts a boolean to the 0/1 integer stored in boolean columns. */
export function toBool(value: boolean): number {
  return value ? 1 : 0;
}

/** Parses a nullable timestamp column. */
export function toDate(text: string | null): Date | null {
  return text == null ? null : new Date(text);
}
