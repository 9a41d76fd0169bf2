import type { NodeRecord } from '@ferric/conductor';
import type { SecretMasker } from '../masking.js';
import { isoTime, resourceLinks } from '../util.js';

/** Every node field of the API with the microversion that introduced it (Ironic's `node.py`). */
export const NODE_FIELD_VERSIONS: Readonly<Record<string, number>> = {
  uuid: 1,
  name: 5,
  driver: 1,
  driver_info: 1,
  driver_internal_info: 3,
  properties: 1,
  instance_info: 1,
  instance_uuid: 1,
  chassis_uuid: 1,
  extra: 1,
  power_state: 1,
  target_power_state: 1,
  provision_state: 1,
  target_provision_state: 1,
  provision_updated_at: 1,
  maintenance: 1,
  maintenance_reason: 1,
  last_error: 1,
  reservation: 1,
  console_enabled: 1,
  created_at: 1,
  updated_at: 1,
  links: 1,
  ports: 1,
  states: 14,
  inspection_started_at: 6,
  inspection_finished_at: 6,
  clean_step: 7,
  raid_config: 12,
  target_raid_config: 12,
  network_interface: 20,
  resource_class: 21,
  portgroups: 24,
  boot_interface: 31,
  console_interface: 31,
  deploy_interface: 31,
  inspect_interface: 31,
  management_interface: 31,
  power_interface: 31,
  raid_interface: 31,
  vendor_interface: 31,
  volume: 32,
  storage_interface: 33,
  traits: 37,
  rescue_interface: 38,
  bios_interface: 40,
  fault: 42,
  deploy_step: 44,
  conductor_group: 46,
  automated_clean: 47,
  protected: 48,
  protected_reason: 48,
  conductor: 49,
  owner: 50,
  description: 51,
  allocation_uuid: 52,
  retired: 61,
  retired_reason: 61,
  lessee: 65,
  network_data: 66,
  boot_mode: 75,
  secure_boot: 75,
};

/** Fields of a node list without `detail` (Ironic's `_DEFAULT_RETURN_FIELDS`). */
export const NODE_DEFAULT_FIELDS = [
  'uuid',
  'name',
  'instance_uuid',
  'power_state',
  'provision_state',
  'maintenance',
  'links',
];

/** Node fields visible at a microversion. */
export function nodeFieldsAt(minor: number): string[] {
  return Object.entries(NODE_FIELD_VERSIONS)
    .filter(([, v]) => v <= minor)
    .map(([k]) => k);
}

/** API field (snake_case) ↔ record key (camelCase) for fields the conductor stores. */
export const NODE_RECORD_KEYS: Readonly<Record<string, keyof NodeRecord>> = {
  name: 'name',
  driver: 'driver',
  driver_info: 'driverInfo',
  driver_internal_info: 'driverInternalInfo',
  properties: 'properties',
  instance_info: 'instanceInfo',
  instance_uuid: 'instanceUuid',
  extra: 'extra',
  maintenance: 'maintenance',
  maintenance_reason: 'maintenanceReason',
  resource_class: 'resourceClass',
  conductor_group: 'conductorGroup',
  automated_clean: 'automatedClean',
  owner: 'owner',
  description: 'description',
  fault: 'fault',
  bios_interface: 'biosInterface',
  boot_interface: 'bootInterface',
  console_interface: 'consoleInterface',
  deploy_interface: 'deployInterface',
  firmware_interface: 'firmwareInterface',
  inspect_interface: 'inspectInterface',
  management_interface: 'managementInterface',
  network_interface: 'networkInterface',
  power_interface: 'powerInterface',
  raid_interface: 'raidInterface',
  rescue_interface: 'rescueInterface',
  storage_interface: 'storageInterface',
  vendor_interface: 'vendorInterface',
  traits: 'traits',
  protected: 'protected',
  protected_reason: 'protectedReason',
  retired: 'retired',
  retired_reason: 'retiredReason',
  lessee: 'lessee',
  network_data: 'networkData',
  boot_mode: 'bootMode',
  secure_boot: 'secureBoot',
  console_enabled: 'consoleEnabled',
  raid_config: 'raidConfig',
  target_raid_config: 'targetRaidConfig',
  chassis_uuid: 'chassisUuid',
  allocation_uuid: 'allocationUuid',
};

/**
 * Ironic fields Ferric's conductor does not model yet: shown with Ironic's default, and settable
 * only to that default.
 */
export const NODE_UNMODELLED_DEFAULTS: Readonly<Record<string, unknown>> = {};

/** Context for rendering resources. */
export interface ViewContext {
  /** `http://host:port` as the client reached us. */
  base: string;
  /** Requested microversion (minor). */
  minor: number;
  masker: SecretMasker;
}

/** The full API dictionary of a node (unmasked, every field), as JSON Patch documents operate on. */
export function nodeToApi(
  node: NodeRecord,
  ctx: Pick<ViewContext, 'base'>,
  conductor: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    uuid: node.uuid,
    created_at: isoTime(node.createdAt),
    updated_at: isoTime(node.updatedAt),
    power_state: node.powerState,
    target_power_state: node.targetPowerState,
    provision_state: node.provisionState,
    target_provision_state: node.targetProvisionState,
    provision_updated_at: isoTime(node.provisionUpdatedAt),
    last_error: node.lastError,
    reservation: node.reservation,
    clean_step: node.cleanStep ?? {},
    deploy_step: node.deployStep ?? {},
    inspection_started_at: isoTime(node.inspectionStartedAt),
    inspection_finished_at: isoTime(node.inspectionFinishedAt),
    conductor,
    ...NODE_UNMODELLED_DEFAULTS,
  };
  for (const [api, key] of Object.entries(NODE_RECORD_KEYS)) out[api] = node[key] ?? null;
  for (const k of ['driver_info', 'driver_internal_info', 'properties', 'instance_info', 'extra'])
    out[k] ??= {};
  out.conductor_group ??= '';
  out.links = resourceLinks(ctx.base, `nodes/${node.uuid}`);
  for (const sub of ['ports', 'states', 'portgroups', 'volume'])
    out[sub] = resourceLinks(ctx.base, `nodes/${node.uuid}/${sub}`);
  return out;
}

/** Masks secrets of a node API dictionary. */
export function maskNode(api: Record<string, unknown>, masker: SecretMasker): Record<string, unknown> {
  const out = { ...api };
  if (out.driver_info) out.driver_info = masker.mask(out.driver_info);
  if (out.instance_info) out.instance_info = masker.maskInstanceInfo(masker.mask(out.instance_info));
  if (out.driver_internal_info) out.driver_internal_info = masker.mask(out.driver_internal_info);
  return out;
}

/** A node as the client sees it: masked, limited to the version's fields and to `fields` if given. */
export function renderNode(
  node: NodeRecord,
  ctx: ViewContext,
  conductor: string | null,
  fields?: readonly string[],
): Record<string, unknown> {
  const api = maskNode(nodeToApi(node, ctx, conductor), ctx.masker);
  return pick(api, fields ?? nodeFieldsAt(ctx.minor), ctx.minor);
}

/** Keeps only `fields` (plus `links` when selecting, as Ironic does), ordered like the source. */
export function pick(
  api: Record<string, unknown>,
  fields: readonly string[],
  _minor: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const want = new Set(fields);
  for (const [k, v] of Object.entries(api)) if (want.has(k)) out[k] = v;
  return out;
}
