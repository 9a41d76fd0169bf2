import type { NodeRecord, PartialNodeRecord } from '@ferric/conductor';
import type { SecretMasker } from '../masking.js';
import { isoTime } from '../util.js';

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
  shard: 82,
  parent_node: 83,
  firmware_interface: 86,
  service_step: 87,
  disable_power_off: 95,
  instance_name: 104,
  health: 109,
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

const fieldsAtCache = new Map<number, string[]>();

/** Node fields visible at a microversion (memoized per minor: do not mutate the result). */
export function nodeFieldsAt(minor: number): string[] {
  let fields = fieldsAtCache.get(minor);
  if (fields === undefined) {
    fields = Object.entries(NODE_FIELD_VERSIONS)
      .filter(([, v]) => v <= minor)
      .map(([k]) => k);
    fieldsAtCache.set(minor, fields);
  }
  return fields;
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
  shard: 'shard',
  parent_node: 'parentNode',
  disable_power_off: 'disablePowerOff',
  instance_name: 'instanceName',
  health: 'health',
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

/**
 * What a node view reads: a full record, or a listing's partial one that holds at least the keys
 * {@link nodeRecordKeys} names for the fields shown.
 */
export type NodeSource = PartialNodeRecord;

/** The link prefixes of one base URL: a node's hrefs are a prefix, its uuid and a suffix. */
interface NodeHrefs {
  readonly base: string;
  /** `<base>/v1/nodes/` */
  readonly self: string;
  /** `<base>/nodes/` */
  readonly bookmark: string;
}

let lastHrefs: NodeHrefs = { base: '', self: '/v1/nodes/', bookmark: '/nodes/' };

/**
 * The link prefixes of `base`, kept for the last base asked for: all nodes of a response (and, with
 * one public endpoint, of every response) share it, and three pieces per href make shorter string
 * chains for the serialiser to flatten than `resourceLinks`' five.
 */
function nodeHrefs(base: string): NodeHrefs {
  if (lastHrefs.base !== base) lastHrefs = { base, self: `${base}/v1/nodes/`, bookmark: `${base}/nodes/` };
  return lastHrefs;
}

/** What `resourceLinks(base, "nodes/<uuid><suffix>")` gives (self and bookmark). */
function nodeLinks(hrefs: NodeHrefs, uuid: string, suffix: string): { href: string; rel: string }[] {
  return [
    { href: hrefs.self + uuid + suffix, rel: 'self' },
    { href: hrefs.bookmark + uuid + suffix, rel: 'bookmark' },
  ];
}

type FieldGetter = (node: NodeSource, hrefs: NodeHrefs, conductor: string | null) => unknown;

/** One API field of a node: how it is computed and which record keys that reads. */
interface NodeField {
  readonly api: string;
  readonly get: FieldGetter;
  /** Record keys `get` reads: what a listing showing this field must read. */
  readonly reads: readonly (keyof NodeRecord)[];
  /**
   * For a plain copy of a record key: the key and the JavaScript literal shown when it is unset.
   * Renderers inline it (a static property load rather than a call doing a keyed load).
   */
  readonly copy?: readonly [key: keyof NodeRecord, otherwise: string];
}

const SUB_RESOURCES = ['ports', 'states', 'portgroups', 'volume'];
const DICT_FIELDS = new Set(['driver_info', 'driver_internal_info', 'properties', 'instance_info', 'extra']);

/** A field copying record key `key`, shown as the literal `otherwise` when unset. */
function copyField(api: string, key: keyof NodeRecord, otherwise: 'null' | '{}' | "''"): NodeField {
  const fallback = otherwise === '{}' ? () => ({}) : otherwise === "''" ? () => '' : () => null;
  return { api, get: (n) => n[key] ?? fallback(), reads: [key], copy: [key, otherwise] };
}

/** A timestamp field in Ironic's form. */
function timeField(api: string, key: 'createdAt' | 'updatedAt' | DateKey): NodeField {
  return { api, get: (n) => isoTime(n[key]), reads: [key] };
}
type DateKey = 'provisionUpdatedAt' | 'inspectionStartedAt' | 'inspectionFinishedAt';

/** Every field of {@link nodeToApi}, in the dictionary's key order. */
const NODE_FIELDS: readonly NodeField[] = (() => {
  const fields: NodeField[] = [
    copyField('uuid', 'uuid', 'null'),
    timeField('created_at', 'createdAt'),
    timeField('updated_at', 'updatedAt'),
    copyField('power_state', 'powerState', 'null'),
    copyField('target_power_state', 'targetPowerState', 'null'),
    copyField('provision_state', 'provisionState', 'null'),
    copyField('target_provision_state', 'targetProvisionState', 'null'),
    timeField('provision_updated_at', 'provisionUpdatedAt'),
    copyField('last_error', 'lastError', 'null'),
    copyField('reservation', 'reservation', 'null'),
    copyField('clean_step', 'cleanStep', '{}'),
    copyField('deploy_step', 'deployStep', '{}'),
    copyField('service_step', 'serviceStep', '{}'),
    timeField('inspection_started_at', 'inspectionStartedAt'),
    timeField('inspection_finished_at', 'inspectionFinishedAt'),
    // The hash ring places a node by these keys; the caller looks the conductor up.
    { api: 'conductor', get: (_n, _b, conductor) => conductor, reads: ['uuid', 'driver', 'conductorGroup'] },
  ];
  for (const [api, def] of Object.entries(NODE_UNMODELLED_DEFAULTS))
    fields.push({ api, get: () => def, reads: [] });
  for (const [api, key] of Object.entries(NODE_RECORD_KEYS)) {
    const field = copyField(
      api,
      key,
      DICT_FIELDS.has(api) ? '{}' : api === 'conductor_group' ? "''" : 'null',
    );
    // Re-assigning an object key keeps its first position: replace in place.
    const i = fields.findIndex((f) => f.api === api);
    if (i >= 0) fields[i] = field;
    else fields.push(field);
  }
  fields.push({ api: 'links', get: (n, hrefs) => nodeLinks(hrefs, n.uuid, ''), reads: ['uuid'] });
  for (const sub of SUB_RESOURCES)
    fields.push({
      api: sub,
      get: (n, hrefs) => nodeLinks(hrefs, n.uuid, `/${sub}`),
      reads: ['uuid'],
    });
  return fields;
})();

/** The full API dictionary of a node (unmasked, every field), as JSON Patch documents operate on. */
export function nodeToApi(
  node: NodeRecord,
  ctx: Pick<ViewContext, 'base'>,
  conductor: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const hrefs = nodeHrefs(ctx.base);
  for (const field of NODE_FIELDS) out[field.api] = field.get(node, hrefs, conductor);
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

type Renderer = (
  node: NodeSource,
  hrefs: NodeHrefs,
  conductor: string | null,
  masker: SecretMasker,
) => Record<string, unknown>;

interface RenderPlan {
  readonly fields: readonly string[];
  /** Record keys the fields read, `uuid` always among them (links, markers). */
  readonly reads: readonly (keyof NodeRecord)[];
  readonly render: Renderer;
}

const SECRET_DICTS: Readonly<Record<string, (masker: SecretMasker, value: unknown) => unknown>> = {
  driver_info: (m, v) => (v ? m.mask(v) : v),
  driver_internal_info: (m, v) => (v ? m.mask(v) : v),
  instance_info: (m, v) => (v ? m.maskInstanceInfo(m.mask(v)) : v),
};

/**
 * Compiles the renderer of one field selection: a single object literal with the requested fields
 * in dictionary order (V8 keeps it a fast-properties object, which also serialises faster), plain
 * copies inlined as static property loads, and masking only for the secret-bearing dicts that were
 * asked for. Field names and record keys come from the fixed {@link NODE_FIELDS} table, never from
 * the request.
 */
function compileRenderer(fields: readonly NodeField[]): Renderer {
  const props = fields.map((field, i) => {
    const value = field.copy
      ? `(n[${JSON.stringify(field.copy[0])}] ?? ${field.copy[1]})`
      : `g[${i}](n, b, c)`;
    const api = JSON.stringify(field.api);
    return `${api}: ${field.api in SECRET_DICTS ? `s[${api}](m, ${value})` : value}`;
  });
  const build = new Function('g', 's', `return (n, b, c, m) => ({ ${props.join(', ')} });`) as (
    g: readonly FieldGetter[],
    s: typeof SECRET_DICTS,
  ) => Renderer;
  return build(
    fields.map((field) => field.get),
    SECRET_DICTS,
  );
}

/** Plans by field array (the memoized per-version lists and the defaults come back as the same array). */
const plansByArray = new WeakMap<readonly string[], RenderPlan>();
/**
 * Plans by selection (`fields=` arrives as a new array per request). Bounded: a client can name many
 * different selections, and compiling one again costs far less than the response.
 */
const plansBySelection = new Map<string, RenderPlan>();

function renderPlan(fields: readonly string[]): RenderPlan {
  let plan = plansByArray.get(fields);
  if (plan !== undefined) return plan;
  const want = new Set(fields);
  const chosen = NODE_FIELDS.filter((f) => want.has(f.api));
  const names = chosen.map((f) => f.api);
  const id = names.join(',');
  plan = plansBySelection.get(id);
  if (plan === undefined) {
    const reads = new Set<keyof NodeRecord>(['uuid']);
    for (const f of chosen) for (const key of f.reads) reads.add(key);
    plan = { fields: names, reads: [...reads], render: compileRenderer(chosen) };
    if (plansBySelection.size >= 256) plansBySelection.clear();
    plansBySelection.set(id, plan);
  }
  plansByArray.set(fields, plan);
  return plan;
}

/**
 * A node as the client sees it: masked, limited to the version's fields and to `fields` if given.
 * A partial record must hold the keys {@link nodeRecordKeys} names for the same `fields`.
 */
export function renderNode(
  node: NodeSource,
  ctx: ViewContext,
  conductor: string | null,
  fields?: readonly string[],
): Record<string, unknown> {
  // Only the requested fields are built, and only those of them that carry secrets are masked.
  const plan = renderPlan(fields ?? nodeFieldsAt(ctx.minor));
  const out = plan.render(node, nodeHrefs(ctx.base), conductor, ctx.masker);
  if (ctx.minor < 39) showLegacyStateNames(out, ctx.minor);
  return out;
}

/**
 * Renames `provision_state` for older clients: before 1.2 `available` is shown as null (Ironic's old
 * NOSTATE), before 1.39 `inspect wait` as `inspecting`.
 */
export function showLegacyStateNames(out: Record<string, unknown>, minor: number): void {
  if (minor < 2 && out.provision_state === 'available') out.provision_state = null;
  else if (out.provision_state === 'inspect wait') out.provision_state = 'inspecting';
}

/** Whether rendering `fields` needs the node's conductor (a hash-ring lookup). */
export function nodeFieldsNeedConductor(fields: readonly string[]): boolean {
  return renderPlan(fields).fields.includes('conductor');
}

/**
 * The record keys rendering `fields` reads (always `uuid`): what a listing must select. With
 * `conductor` shown they include the keys the hash ring places a node by.
 */
export function nodeRecordKeys(fields: readonly string[]): readonly (keyof NodeRecord)[] {
  return renderPlan(fields).reads;
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
