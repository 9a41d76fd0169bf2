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
};

/** Port list fields without `detail`. */
export const PORT_DEFAULT_FIELDS = ['uuid', 'address', 'links'];

/** Port fields visible at a microversion. */
export function portFieldsAt(minor: number): string[] {
  return Object.entries(PORT_FIELD_VERSIONS)
    .filter(([, v]) => v <= minor)
    .map(([k]) => k);
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
    created_at: isoTime(port.createdAt),
    updated_at: isoTime(port.updatedAt),
    links: resourceLinks(base, `ports/${port.uuid}`),
  };
}

/** A port as the client sees it. */
export function renderPort(
  port: PortRecord,
  ctx: ViewContext,
  fields?: readonly string[],
): Record<string, unknown> {
  const api = portToApi(port, ctx.base);
  api.internal_info = ctx.masker.mask(api.internal_info);
  api.extra = ctx.masker.mask(api.extra);
  const want = new Set(fields ?? portFieldsAt(ctx.minor));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(api)) if (want.has(k)) out[k] = v;
  return out;
}
