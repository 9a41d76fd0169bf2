import type { PortgroupRecord } from '@ferric/conductor';
import { isoTime, resourceLinks } from '../util.js';
import type { ViewContext } from './node.js';

/** Port group fields with the microversion that introduced them. */
export const PORTGROUP_FIELD_VERSIONS: Readonly<Record<string, number>> = {
  uuid: 23,
  address: 23,
  name: 23,
  node_uuid: 23,
  standalone_ports_supported: 23,
  extra: 23,
  internal_info: 23,
  created_at: 23,
  updated_at: 23,
  links: 23,
  ports: 23,
  mode: 26,
  properties: 26,
  physical_network: 102,
  category: 103,
  dynamic_portgroup: 111,
};

/** Port group list fields without `detail` (Ironic's `_DEFAULT_RETURN_FIELDS` + links). */
export const PORTGROUP_DEFAULT_FIELDS = ['uuid', 'address', 'name', 'links'];

/** Port group fields a client may select (`fields=`, sort keys) at a microversion. */
export function portgroupFieldsAt(minor: number): string[] {
  return Object.entries(PORTGROUP_FIELD_VERSIONS)
    .filter(([, v]) => v <= minor)
    .map(([k]) => k);
}

/**
 * Port group fields shown in full views at a microversion. Ironic shows `mode` and `properties`
 * on every port group, 1.26 only gates selecting and setting them.
 */
export function portgroupShownAt(minor: number): string[] {
  return Object.entries(PORTGROUP_FIELD_VERSIONS)
    .filter(([k, v]) => (k === 'mode' || k === 'properties' ? 23 : v) <= minor)
    .map(([k]) => k);
}

/** Full API dictionary of a port group (unmasked). */
export function portgroupToApi(pg: PortgroupRecord, base: string): Record<string, unknown> {
  return {
    uuid: pg.uuid,
    address: pg.address,
    name: pg.name,
    node_uuid: pg.nodeUuid,
    standalone_ports_supported: pg.standalonePortsSupported,
    mode: pg.mode,
    properties: pg.properties,
    extra: pg.extra,
    internal_info: pg.internalInfo,
    physical_network: pg.physicalNetwork,
    category: pg.category,
    dynamic_portgroup: pg.dynamicPortgroup,
    created_at: isoTime(pg.createdAt),
    updated_at: isoTime(pg.updatedAt),
    links: resourceLinks(base, `portgroups/${pg.uuid}`),
    ports: resourceLinks(base, `portgroups/${pg.uuid}/ports`),
  };
}

/** A port group as the client sees it (secrets in `extra`/`internal_info` masked). */
export function renderPortgroup(
  pg: PortgroupRecord,
  ctx: ViewContext,
  fields?: readonly string[],
): Record<string, unknown> {
  const api = portgroupToApi(pg, ctx.base);
  api.internal_info = ctx.masker.mask(api.internal_info);
  api.extra = ctx.masker.mask(api.extra);
  const want = new Set(fields ?? portgroupShownAt(ctx.minor));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(api)) if (want.has(k)) out[k] = v;
  return out;
}
