import type { AllocationRecord } from '@ferric/conductor';
import { isoTime, resourceLinks } from '../util.js';

/** Allocation fields with the microversion that introduced them. */
export const ALLOCATION_FIELD_VERSIONS: Readonly<Record<string, number>> = {
  uuid: 52,
  name: 52,
  node_uuid: 52,
  state: 52,
  last_error: 52,
  resource_class: 52,
  traits: 52,
  candidate_nodes: 52,
  extra: 52,
  created_at: 52,
  updated_at: 52,
  links: 52,
  owner: 60,
};

/** Allocation fields visible at a microversion. */
export function allocationFieldsAt(minor: number): string[] {
  return Object.entries(ALLOCATION_FIELD_VERSIONS)
    .filter(([, v]) => v <= minor)
    .map(([k]) => k);
}

/** An allocation as the client sees it, limited to `fields`. */
export function renderAllocation(
  a: AllocationRecord,
  base: string,
  fields: readonly string[],
): Record<string, unknown> {
  const all: Record<string, unknown> = {
    uuid: a.uuid,
    name: a.name,
    node_uuid: a.nodeUuid,
    state: a.state,
    last_error: a.lastError,
    resource_class: a.resourceClass,
    traits: a.traits,
    candidate_nodes: a.candidateNodes,
    extra: a.extra,
    owner: a.owner,
    created_at: isoTime(a.createdAt),
    updated_at: isoTime(a.updatedAt),
    links: resourceLinks(base, `allocations/${a.uuid}`),
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}
