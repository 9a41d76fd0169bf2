import type { PortRecord } from '@ferric/conductor';
import { isoTime, resourceLinks } from '../util.js';
import type { ViewContext } from './node.js';

/** Port fields with the microversion that introduced them. */
export const PORT_FIELD_VERSIONS: Readonly<Record<string, number>> = {
  uuid: 1,
  address: 1,
  node_uuid: 1,
  extra: 1,
  created_at: 1,
  updated_at: 1,
  links: 1,
  internal_info: 18,
  local_link_connection: 19,
  pxe_enabled: 19,
  portgroup_uuid: 24,
  physical_network: 34,
  is_smartnic: 53,
  name: 88,
  description: 97,
  vendor: 100,
  category: 101,
  available_for_dynamic_portgroup: 111,
};

/** Port list fields without `detail`. */
export const PORT_DEFAULT_FIELDS = ['uuid', 'address', 'links'];

const fieldsAtCache = new Map<number, string[]>();

/** Port fields visible at a microversion (memoized per minor: do not mutate the result). */
export function portFieldsAt(minor: number): string[] {
  let fields = fieldsAtCache.get(minor);
  if (fields === undefined) {
    fields = Object.entries(PORT_FIELD_VERSIONS)
      .filter(([, v]) => v <= minor)
      .map(([k]) => k);
    fieldsAtCache.set(minor, fields);
  }
  return fields;
}

/** Full API dictionary of a port (unmasked). */
export function portToApi(port: PortRecord, base: string): Record<string, unknown> {
  return {
    uuid: port.uuid,
    address: port.address,
    node_uuid: port.nodeUuid,
    portgroup_uuid: port.portgroupUuid,
    local_link_connection: port.localLinkConnection ?? {},
    pxe_enabled: port.pxeEnabled,
    physical_network: port.physicalNetwork,
    internal_info: port.internalInfo ?? {},
    extra: port.extra ?? {},
    is_smartnic: port.isSmartnic,
    name: port.name,
    description: port.description,
    vendor: port.vendor,
    category: port.category,
    available_for_dynamic_portgroup: port.availableForDynamicPortgroup,
    created_at: isoTime(port.createdAt),
    updated_at: isoTime(port.updatedAt),
    links: resourceLinks(base, `ports/${port.uuid}`),
  };
}

const wantedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function wantedSet(fields: readonly string[]): ReadonlySet<string> {
  let want = wantedSets.get(fields);
  if (want === undefined) {
    want = new Set(fields);
    wantedSets.set(fields, want);
  }
  return want;
}

/** A port as the client sees it (only the requested dicts are masked). */
export function renderPort(
  port: PortRecord,
  ctx: ViewContext,
  fields?: readonly string[],
): Record<string, unknown> {
  const api = portToApi(port, ctx.base);
  const want = wantedSet(fields ?? portFieldsAt(ctx.minor));
  const out: Record<string, unknown> = {};
  for (const k in api) {
    if (!want.has(k)) continue;
    out[k] = k === 'internal_info' || k === 'extra' ? ctx.masker.mask(api[k]) : api[k];
  }
  return out;
}
