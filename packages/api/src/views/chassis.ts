import type { ChassisRecord } from '@ferric/conductor';
import { isoTime, resourceLinks } from '../util.js';

/** Chassis fields (all from 1.1). */
export const CHASSIS_FIELDS = ['uuid', 'description', 'extra', 'created_at', 'updated_at', 'links', 'nodes'];
/** Fields of a chassis list without `detail`. */
export const CHASSIS_DEFAULT_FIELDS = ['uuid', 'description', 'links'];

/** The full API dictionary of a chassis. */
export function chassisToApi(c: ChassisRecord, base: string): Record<string, unknown> {
  return {
    uuid: c.uuid,
    description: c.description,
    extra: c.extra,
    created_at: isoTime(c.createdAt),
    updated_at: isoTime(c.updatedAt),
    links: resourceLinks(base, `chassis/${c.uuid}`),
    nodes: resourceLinks(base, `chassis/${c.uuid}/nodes`),
  };
}

/** A chassis limited to `fields`. */
export function renderChassis(
  c: ChassisRecord,
  base: string,
  fields: readonly string[],
): Record<string, unknown> {
  const all = chassisToApi(c, base);
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}
