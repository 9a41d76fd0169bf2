import { randomUUID } from 'node:crypto';
import type { Step } from '@ferric/core';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { SqliteIntrospector, sql } from 'kysely';
import { NodeNotFound } from '../errors.js';
import type { JsonObject, NodeCreate, NodePatch, NodeRecord, Page, Pagination } from '../model.js';
import { INTERFACE_TYPES } from '../model.js';
import { AllocationRepository } from './allocation-repository.js';
import { ChassisRepository } from './chassis-repository.js';
import { DeployTemplateRepository } from './deploy-template-repository.js';
import { nowIso, parseJsonObject, parseNullableJsonObject, toBool, toDate } from './json.js';
import { findPageMarker, nextMarker, pageQuery } from './marker-page.js';
import { NodeHistoryRepository } from './node-history-repository.js';
import { NodeInventoryRepository } from './node-inventory-repository.js';
import { PreparedQuery } from './prepared-query.js';
import { VolumeRepository } from './volume-repository.js';

/** Parses the `traits` column (a JSON list; anything else is no traits). */
/** Ironic's message for a node that does not exist. */
function nodeNotFound(ident: string): NodeNotFound {
  return new NodeNotFound(`Node ${ident} could not be found.`);
}

function parseTraits(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Sorted, de-duplicated trait names (Ironic keeps a set). */
export function normalizeTraits(traits: readonly string[]): string[] {
  return [...new Set(traits)].sort();
}

function parseStep(text: string | null): Step | null {
  const obj = parseNullableJsonObject(text);
  return obj && typeof obj.step === 'string' ? (obj as unknown as Step) : null;
}

import type { FerricDatabase, NodeRow, NodeRowUpdate } from './schema.js';

/** Filters of a node listing; every given filter must match (AND). */
export interface NodeFilters {
  /** Exact uuids. */
  uuids?: readonly string[];
  provisionState?: string | readonly string[];
  /** Exclude these provision states. */
  provisionStateNot?: readonly string[];
  powerState?: string;
  maintenance?: boolean;
  fault?: string;
  driver?: string | readonly string[];
  conductorGroup?: string;
  /** `true` = has a reservation, `false` = unlocked. */
  reserved?: boolean;
  /** Reserved by one of these hosts. */
  reservedBy?: readonly string[];
  /** Has (`true`) or lacks (`false`) an instance. */
  associated?: boolean;
  instanceUuid?: string;
  resourceClass?: string;
  owner?: string;
  /** Only nodes whose `provision_updated_at` is older than this. */
  provisionedBefore?: Date;
  /** `conductor_affinity` differs from this host (or is unset). */
  conductorAffinityNot?: string;
  /** Has a `target_power_state`. */
  targetPowerStateSet?: boolean;
  /** Substring of `description`. */
  descriptionContains?: string;
  retired?: boolean;
  lessee?: string;
  /** Owned or leased by this project (Ironic's `project` filter). */
  project?: string;
  chassisUuid?: string;
  /** In one of these shards (API 1.82). */
  shards?: readonly string[];
  /** Has (`true`) or lacks (`false`) a shard (API 1.82). */
  sharded?: boolean;
  /** Children of this node uuid (API 1.83). */
  parentNode?: string;
  /** Only nodes without a parent (the API's default listing since 1.83). */
  noParent?: boolean;
  /** Exact instance name (API 1.104). */
  instanceName?: string;
}

/** Sortable node columns (non-null, so marker pagination is exact). */
export type NodeSortKey = 'created_at' | 'uuid' | 'driver' | 'provision_state' | 'conductor_group';

const NODE_SORT_KEYS: readonly NodeSortKey[] = [
  'created_at',
  'uuid',
  'driver',
  'provision_state',
  'conductor_group',
];

/** Default and maximum page size. */
export { MAX_PAGE_LIMIT } from './marker-page.js';

/** A node record of which a listing read only some keys (`select`); `uuid` is always read. */
export type PartialNodeRecord = Pick<NodeRecord, 'uuid'> & Partial<NodeRecord>;

/** Turns one column value into the record's value (parameter typed by the table below). */
type Decode = (value: never) => unknown;

/** Nearly every JSON column of a node holds `{}`: no parser run for it. */
function parseDict(text: string | null): JsonObject {
  return text === '{}' ? {} : parseJsonObject(text);
}

/**
 * Every record key with the column it is read from and, unless the value is taken as is, how it is
 * decoded — in the record's key order. The one description behind {@link nodeFromRow} and the
 * projected listings, so a partial read decodes each key exactly as a full one.
 */
const NODE_COLUMNS: {
  readonly [K in keyof NodeRecord]-?: readonly [
    column: keyof NodeRow,
    decode?: (value: never) => NodeRecord[K],
  ];
} = {
  uuid: ['uuid'],
  name: ['name'],
  driver: ['driver'],
  biosInterface: ['bios_interface'],
  bootInterface: ['boot_interface'],
  consoleInterface: ['console_interface'],
  deployInterface: ['deploy_interface'],
  firmwareInterface: ['firmware_interface'],
  inspectInterface: ['inspect_interface'],
  managementInterface: ['management_interface'],
  networkInterface: ['network_interface'],
  powerInterface: ['power_interface'],
  raidInterface: ['raid_interface'],
  rescueInterface: ['rescue_interface'],
  storageInterface: ['storage_interface'],
  vendorInterface: ['vendor_interface'],
  provisionState: ['provision_state'],
  targetProvisionState: ['target_provision_state'],
  powerState: ['power_state'],
  targetPowerState: ['target_power_state'],
  reservation: ['reservation'],
  conductorAffinity: ['conductor_affinity'],
  conductorGroup: ['conductor_group'],
  maintenance: ['maintenance', (v: number) => v === 1],
  maintenanceReason: ['maintenance_reason'],
  fault: ['fault'],
  lastError: ['last_error'],
  driverInfo: ['driver_info', parseDict],
  driverInternalInfo: ['driver_internal_info', parseDict],
  instanceInfo: ['instance_info', parseDict],
  properties: ['properties', parseDict],
  extra: ['extra', parseDict],
  cleanStep: ['clean_step', parseStep],
  deployStep: ['deploy_step', parseStep],
  instanceUuid: ['instance_uuid'],
  resourceClass: ['resource_class'],
  description: ['description'],
  owner: ['owner'],
  automatedClean: ['automated_clean', (v: number | null) => (v == null ? null : v === 1)],
  provisionUpdatedAt: ['provision_updated_at', toDate],
  inspectionStartedAt: ['inspection_started_at', toDate],
  inspectionFinishedAt: ['inspection_finished_at', toDate],
  traits: ['traits', parseTraits],
  protected: ['protected', (v: number) => v === 1],
  protectedReason: ['protected_reason'],
  retired: ['retired', (v: number) => v === 1],
  retiredReason: ['retired_reason'],
  lessee: ['lessee'],
  networkData: ['network_data', parseDict],
  bootMode: ['boot_mode'],
  secureBoot: ['secure_boot', (v: number | null) => (v == null ? null : v === 1)],
  consoleEnabled: ['console_enabled', (v: number) => v === 1],
  raidConfig: ['raid_config', parseDict],
  targetRaidConfig: ['target_raid_config', parseDict],
  chassisUuid: ['chassis_uuid'],
  allocationUuid: ['allocation_uuid'],
  shard: ['shard'],
  parentNode: ['parent_node'],
  serviceStep: ['service_step', parseStep],
  disablePowerOff: ['disable_power_off', (v: number) => v === 1],
  instanceName: ['instance_name'],
  health: ['health'],
  createdAt: ['created_at', (v: string) => new Date(v)],
  updatedAt: ['updated_at', toDate],
};

const ALL_NODE_KEYS = Object.keys(NODE_COLUMNS) as (keyof NodeRecord)[];

/** How a listing reads a set of record keys: the columns to select and the record builders. */
interface NodeProjection {
  readonly columns: readonly (keyof NodeRow)[];
  /** A row object (values by column name) → record. */
  readonly read: (row: NodeRow) => PartialNodeRecord;
  /** The values of {@link columns}, in that order (a packed row) → record. */
  readonly readValues: (values: readonly unknown[]) => PartialNodeRecord;
}

/**
 * Compiles the readers of `keys` (in table order): one object literal with static property names, so
 * every row yields an object of the same shape without per-key dispatch. Names and columns come from
 * {@link NODE_COLUMNS}, never from a caller's strings.
 */
function compileProjection(keys: ReadonlySet<keyof NodeRecord>): NodeProjection {
  const chosen = ALL_NODE_KEYS.filter((key) => keys.has(key));
  /** `access` writes how a column's value is reached: by name in a row object, by position when packed. */
  const compile = (access: (column: keyof NodeRow, index: number) => string) => {
    const decoders: Decode[] = [];
    const props = chosen.map((key, i) => {
      const [column, decode] = NODE_COLUMNS[key];
      const value = access(column, i);
      if (!decode) return `${JSON.stringify(key)}: ${value}`;
      decoders.push(decode);
      return `${JSON.stringify(key)}: d[${decoders.length - 1}](${value})`;
    });
    return new Function('d', `return (r) => ({ ${props.join(', ')} });`)(decoders);
  };
  return {
    columns: chosen.map((key) => NODE_COLUMNS[key][0]),
    read: compile((column) => `r[${JSON.stringify(column)}]`),
    readValues: compile((_column, index) => `r[${index}]`),
  };
}

const FULL_PROJECTION = compileProjection(new Set(ALL_NODE_KEYS));

/** Projections by key list; bounded, as the key lists come from API requests' `fields`. */
const projections = new Map<string, NodeProjection>();

function nodeProjection(select: readonly (keyof NodeRecord)[]): NodeProjection {
  const keys = new Set<keyof NodeRecord>(['uuid']);
  for (const key of select) if (key in NODE_COLUMNS) keys.add(key);
  const id = ALL_NODE_KEYS.filter((k) => keys.has(k)).join(',');
  let projection = projections.get(id);
  if (projection === undefined) {
    projection = compileProjection(keys);
    if (projections.size >= 256) projections.clear();
    projections.set(id, projection);
  }
  return projection;
}

/**
 * Whether listings on `db` fetch each row packed into one JSON text (`json_array(…)`, SQLite only).
 * better-sqlite3 spends about 0.15 µs on every value it hands to JavaScript — a page of 1,000 nodes
 * with 62 columns took 10 ms that way — while SQLite writing one JSON text per row and `JSON.parse`
 * reading it back take half that. The values are the same: node columns hold TEXT, INTEGER and NULL,
 * which JSON carries exactly. PostgreSQL rows are read as they come.
 */
function packsRows(db: Kysely<FerricDatabase>): boolean {
  let packs = packingDatabases.get(db);
  if (packs === undefined) {
    packs = db.introspection instanceof SqliteIntrospector;
    packingDatabases.set(db, packs);
  }
  return packs;
}
const packingDatabases = new WeakMap<Kysely<FerricDatabase>, boolean>();

/** The select list of a packed row: one `packed` column with the JSON array of `columns`. */
function packedColumns(columns: readonly (keyof NodeRow)[]) {
  return sql<string>`json_array(${sql.join(columns.map((c) => sql.ref(c)))})`.as('packed');
}

/** Completes a node listing's query: filters, order, limit (whatever its select list is). */
type ShapeListing = <O>(
  query: SelectQueryBuilder<FerricDatabase, 'nodes', O>,
) => SelectQueryBuilder<FerricDatabase, 'nodes', O>;

/** Runs a node listing reading `projection`'s keys, packed per row where {@link packsRows}. */
async function readNodes(
  db: Kysely<FerricDatabase>,
  projection: NodeProjection,
  shape: ShapeListing,
): Promise<PartialNodeRecord[]> {
  const from = db.selectFrom('nodes');
  if (packsRows(db)) {
    const rows = await shape(from.select(packedColumns(projection.columns))).execute();
    return rows.map((row) => projection.readValues(JSON.parse(row.packed) as unknown[]));
  }
  return (await shape(from.select(projection.columns)).execute()).map(projection.read);
}

/** Maps a `nodes` row to the camelCase record. */
export function nodeFromRow(row: NodeRow): NodeRecord {
  // The full projection reads every key of NODE_COLUMNS, which covers NodeRecord.
  return FULL_PROJECTION.read(row) as NodeRecord;
}

/** Record key and decoder of each column (the inverse of {@link NODE_COLUMNS}). */
const COLUMN_KEYS = new Map<string, readonly [key: keyof NodeRecord, decode?: Decode]>(
  ALL_NODE_KEYS.map((key) => {
    const [column, decode] = NODE_COLUMNS[key];
    return [column, [key, decode]] as const;
  }),
);

/** `record` with the written column values of `values` decoded onto it (a new object). */
function applyRowUpdate(record: NodeRecord, values: NodeRowUpdate): NodeRecord {
  const out = { ...record } as Record<string, unknown>;
  for (const [column, value] of Object.entries(values)) {
    const entry = COLUMN_KEYS.get(column);
    if (entry === undefined) continue;
    const [key, decode] = entry;
    out[key] = decode ? decode(value as never) : value;
  }
  return out as unknown as NodeRecord;
}

const SIMPLE_COLUMNS: Record<string, keyof NodeRow> = {
  name: 'name',
  driver: 'driver',
  provisionState: 'provision_state',
  targetProvisionState: 'target_provision_state',
  powerState: 'power_state',
  targetPowerState: 'target_power_state',
  reservation: 'reservation',
  conductorAffinity: 'conductor_affinity',
  conductorGroup: 'conductor_group',
  maintenanceReason: 'maintenance_reason',
  fault: 'fault',
  lastError: 'last_error',
  instanceUuid: 'instance_uuid',
  resourceClass: 'resource_class',
  description: 'description',
  owner: 'owner',
  protectedReason: 'protected_reason',
  retiredReason: 'retired_reason',
  lessee: 'lessee',
  bootMode: 'boot_mode',
  chassisUuid: 'chassis_uuid',
  allocationUuid: 'allocation_uuid',
  shard: 'shard',
  parentNode: 'parent_node',
  instanceName: 'instance_name',
  health: 'health',
};
const BOOL_COLUMNS: Record<string, keyof NodeRow> = {
  maintenance: 'maintenance',
  protected: 'protected',
  retired: 'retired',
  consoleEnabled: 'console_enabled',
  disablePowerOff: 'disable_power_off',
};
const NULLABLE_BOOL_COLUMNS: Record<string, keyof NodeRow> = {
  automatedClean: 'automated_clean',
  secureBoot: 'secure_boot',
};
const DATE_COLUMNS: Record<string, keyof NodeRow> = {
  provisionUpdatedAt: 'provision_updated_at',
  inspectionStartedAt: 'inspection_started_at',
  inspectionFinishedAt: 'inspection_finished_at',
};
for (const iface of INTERFACE_TYPES) SIMPLE_COLUMNS[`${iface}Interface`] = `${iface}_interface`;
const JSON_COLUMNS: Record<string, keyof NodeRow> = {
  driverInfo: 'driver_info',
  driverInternalInfo: 'driver_internal_info',
  instanceInfo: 'instance_info',
  properties: 'properties',
  extra: 'extra',
  networkData: 'network_data',
  raidConfig: 'raid_config',
  targetRaidConfig: 'target_raid_config',
};
const NULLABLE_JSON_COLUMNS: Record<string, keyof NodeRow> = {
  cleanStep: 'clean_step',
  deployStep: 'deploy_step',
  serviceStep: 'service_step',
};

/** Converts a camelCase patch to a row update (unknown keys are ignored). */
export function nodePatchToRow(patch: NodePatch): NodeRowUpdate {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const simple = SIMPLE_COLUMNS[key];
    if (simple) row[simple] = value;
    else if (DATE_COLUMNS[key]) row[DATE_COLUMNS[key]] = value instanceof Date ? value.toISOString() : value;
    else if (JSON_COLUMNS[key]) row[JSON_COLUMNS[key]] = JSON.stringify(value ?? {});
    else if (NULLABLE_JSON_COLUMNS[key])
      row[NULLABLE_JSON_COLUMNS[key]] = value == null ? null : JSON.stringify(value);
    else if (BOOL_COLUMNS[key]) row[BOOL_COLUMNS[key]] = toBool(Boolean(value));
    else if (NULLABLE_BOOL_COLUMNS[key])
      row[NULLABLE_BOOL_COLUMNS[key]] = value == null ? null : toBool(Boolean(value));
    else if (key === 'traits') row.traits = JSON.stringify(normalizeTraits(value as string[]));
  }
  return row as NodeRowUpdate;
}

// The statements of every state transition, compiled once (see PreparedQuery).
type Nodes = Kysely<FerricDatabase>;
const LOCATE = new PreparedQuery((db: Nodes, p) =>
  db
    .selectFrom('nodes')
    .select(['uuid', 'driver', 'conductor_group'])
    .where((eb) => eb.or([eb('uuid', '=', p<string>('ident')), eb('name', '=', p<string>('ident'))])),
);
const GET_NODE = new PreparedQuery((db: Nodes, p) =>
  db
    .selectFrom('nodes')
    .selectAll()
    .where((eb) => eb.or([eb('uuid', '=', p<string>('ident')), eb('name', '=', p<string>('ident'))])),
);
const RESERVE_RETURNING = new PreparedQuery((db: Nodes, p) =>
  db
    .updateTable('nodes')
    .set({ reservation: p<string>('host') })
    .where('uuid', '=', p<string>('uuid'))
    .where('reservation', 'is', null)
    .returningAll(),
);
const RELEASE = new PreparedQuery((db: Nodes, p) =>
  db
    .updateTable('nodes')
    .set({ reservation: null })
    .where('uuid', '=', p<string>('uuid'))
    .where('reservation', '=', p<string>('host')),
);

const counts = new Map<string, PreparedQuery<FerricDatabase, Record<string, never>, { n: number }>>();

/** `UPDATE nodes SET <columns> WHERE uuid = ?` per column list (lists come from code, a few dozen). */
const updates = new Map<string, PreparedQuery<FerricDatabase, Record<string, unknown>, unknown>>();
function updateStatement(
  columns: readonly string[],
): PreparedQuery<FerricDatabase, Record<string, unknown>, unknown> {
  const key = columns.join(',');
  let statement = updates.get(key);
  if (statement === undefined) {
    statement = new PreparedQuery((db: Nodes, p) =>
      db
        .updateTable('nodes')
        .set(Object.fromEntries(columns.map((c) => [c, p(c)])) as NodeRowUpdate)
        .where('uuid', '=', p<string>('uuid')),
    );
    if (updates.size >= 500) updates.clear();
    updates.set(key, statement);
  }
  return statement;
}

/** A node's identity and what maps it to a conductor (see {@link NodeRepository.locate}). */
export interface NodeLocation {
  readonly uuid: string;
  readonly driver: string;
  readonly conductorGroup: string;
}

/**
 * Data access for nodes. Every write is a single statement, so reservation updates are atomic on any
 * SQL engine; the same queries run on SQLite and PostgreSQL.
 */
export class NodeRepository {
  /** The nodes' history events (same database). */
  readonly history: NodeHistoryRepository;
  /** Chassis (same database). */
  readonly chassis: ChassisRepository;
  /** Deploy templates (same database). */
  readonly deployTemplates: DeployTemplateRepository;
  /** Allocations (same database). */
  readonly allocations: AllocationRepository;
  /** Volume connectors and targets (same database). */
  readonly volume: VolumeRepository;
  /** What inspection found per node (same database). */
  readonly inspectionData: NodeInventoryRepository;

  constructor(private readonly db: Kysely<FerricDatabase>) {
    this.history = new NodeHistoryRepository(db);
    this.chassis = new ChassisRepository(db);
    this.deployTemplates = new DeployTemplateRepository(db);
    this.allocations = new AllocationRepository(db);
    this.volume = new VolumeRepository(db);
    this.inspectionData = new NodeInventoryRepository(db);
  }

  /** Inserts a node; `uuid` is generated when absent. */
  async create(input: NodeCreate): Promise<NodeRecord> {
    const now = nowIso();
    const uuid = input.uuid ?? randomUUID();
    const row = {
      uuid,
      driver: input.driver,
      provision_state: 'enroll',
      conductor_group: '',
      maintenance: 0,
      protected: 0,
      retired: 0,
      console_enabled: 0,
      disable_power_off: 0,
      driver_info: '{}',
      driver_internal_info: '{}',
      instance_info: '{}',
      properties: '{}',
      extra: '{}',
      ...nodePatchToRow({ ...input, uuid: undefined } as NodePatch),
      provision_updated_at: now,
      created_at: now,
      updated_at: null,
    };
    // One statement: the stored row comes back with the insert (SQLite ≥ 3.35, PostgreSQL).
    const created = await this.db.insertInto('nodes').values(row).returningAll().executeTakeFirstOrThrow();
    return nodeFromRow(created);
  }

  /**
   * What routes calls about a node (uuid, hardware type, conductor group), by uuid or name: a narrow
   * read for the API and the RPC client, which need no more to pick the node's conductor.
   * @throws NodeNotFound
   */
  async locate(ident: string): Promise<NodeLocation> {
    const row = await LOCATE.first(this.db, { ident });
    if (!row) throw nodeNotFound(ident);
    return { uuid: row.uuid, driver: row.driver, conductorGroup: row.conductor_group };
  }

  /** Finds a node by uuid or name. @throws NodeNotFound */
  async get(ident: string): Promise<NodeRecord> {
    const row = await GET_NODE.first(this.db, { ident });
    if (!row) throw nodeNotFound(ident);
    return nodeFromRow(row);
  }

  /** Finds a node by uuid. @throws NodeNotFound */
  async getByUuid(uuid: string): Promise<NodeRecord> {
    const row = await this.db.selectFrom('nodes').selectAll().where('uuid', '=', uuid).executeTakeFirst();
    if (!row) throw nodeNotFound(uuid);
    return nodeFromRow(row);
  }

  /** Finds a node by uuid, or `undefined`. */
  async find(uuid: string): Promise<NodeRecord | undefined> {
    const row = await this.db.selectFrom('nodes').selectAll().where('uuid', '=', uuid).executeTakeFirst();
    return row ? nodeFromRow(row) : undefined;
  }

  /** Lists nodes matching `filters`, with marker pagination. */
  list(filters?: NodeFilters, page?: Pagination<NodeSortKey>): Promise<Page<NodeRecord>>;
  /**
   * Lists nodes reading only the record keys in `select` (and `uuid`): a listing that shows a few
   * fields skips the other columns, whose fetching and decoding is most of a wide row's cost.
   */
  list(
    filters: NodeFilters,
    page: Pagination<NodeSortKey>,
    select: readonly (keyof NodeRecord)[],
  ): Promise<Page<PartialNodeRecord>>;
  async list(
    filters: NodeFilters = {},
    page: Pagination<NodeSortKey> = {},
    select?: readonly (keyof NodeRecord)[],
  ): Promise<Page<PartialNodeRecord>> {
    const sortKey = page.sortKey ?? 'created_at';
    if (!NODE_SORT_KEYS.includes(sortKey)) throw new RangeError(`Unsupported sort key ${sortKey}`);
    const marker = await findPageMarker(page, {
      findMarker: (uuid) =>
        this.db.selectFrom('nodes').select(['uuid', sortKey]).where('uuid', '=', uuid).executeTakeFirst(),
      notFound: (uuid) => nodeNotFound(uuid),
    });
    let limit = 0;
    const items = await readNodes(this.db, select ? nodeProjection(select) : FULL_PROJECTION, (query) => {
      const paged = pageQuery(applyNodeFilters(query, filters), page, marker);
      limit = paged.limit;
      return paged.query;
    });
    return { items, next: nextMarker(items, limit) };
  }

  /** Every node matching `filters` (no pagination; for periodics). */
  async listAll(filters: NodeFilters = {}): Promise<NodeRecord[]> {
    const items = await readNodes(this.db, FULL_PROJECTION, (query) =>
      applyNodeFilters(query, filters).orderBy('provision_updated_at').orderBy('uuid'),
    );
    // The full projection reads every key of NODE_COLUMNS, which covers NodeRecord.
    return items as NodeRecord[];
  }

  /**
   * How many nodes are in one of `states` — the concurrency limits' count, cluster-wide in the
   * database, asked on every deploy and cleaning (compiled once per state list).
   */
  async countInStates(states: readonly string[]): Promise<number> {
    const key = states.join(',');
    let query = counts.get(key);
    if (query === undefined) {
      query = new PreparedQuery((db: Nodes) =>
        db
          .selectFrom('nodes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('provision_state', 'in', [...states]),
      );
      if (counts.size >= 100) counts.clear();
      counts.set(key, query);
    }
    return Number((await query.first(this.db, {}))?.n ?? 0);
  }

  /** Node counts per shard, largest first; nodes without a shard are named `None`, as Ironic does. */
  async shardCounts(): Promise<{ name: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('nodes')
      .select((eb) => ['shard', eb.fn.countAll<number>().as('n')])
      .groupBy('shard')
      .execute();
    return rows
      .map((r) => ({ name: r.shard ?? 'None', count: Number(r.n) }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }

  /** How many nodes match `filters` (concurrency limits count cluster-wide, in the database). */
  async count(filters: NodeFilters = {}): Promise<number> {
    const row = await applyNodeFilters(
      this.db.selectFrom('nodes').select((eb) => eb.fn.countAll<number>().as('n')),
      filters,
    ).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Writes `patch`; bumps `updated_at`, and `provision_updated_at` when `provisionState` is written.
   * @throws NodeNotFound
   */
  async update(uuid: string, patch: NodePatch): Promise<NodeRecord> {
    const row = nodePatchToRow(patch);
    const now = nowIso();
    const values: NodeRowUpdate = { ...row, updated_at: now };
    if (patch.provisionState !== undefined) values.provision_updated_at = now;
    // UPDATE … RETURNING: the written row without a second read.
    const updated = await this.db
      .updateTable('nodes')
      .set(values)
      .where('uuid', '=', uuid)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw nodeNotFound(uuid);
    return nodeFromRow(updated);
  }

  /**
   * {@link update} for a writer that holds the node's lock and knows its stored state: `current` (the
   * node as last read or written under that lock) with `patch` applied, decoded exactly as a read of the
   * row would be — one `UPDATE` without reading the ~60 columns back. @throws NodeNotFound
   */
  async updateFrom(current: NodeRecord, patch: NodePatch): Promise<NodeRecord> {
    const row = nodePatchToRow(patch);
    const now = nowIso();
    const values: NodeRowUpdate = { ...row, updated_at: now };
    if (patch.provisionState !== undefined) values.provision_updated_at = now;
    const res = await updateStatement(Object.keys(values)).execute(this.db, {
      ...values,
      uuid: current.uuid,
    });
    if (Number(res.numAffectedRows) !== 1) throw nodeNotFound(current.uuid);
    return applyRowUpdate(current, values);
  }

  /** Bumps `provision_updated_at` (a live agent/poller keeps `*wait` timeouts away). */
  async touchProvisioning(uuid: string): Promise<void> {
    await this.db
      .updateTable('nodes')
      .set({ provision_updated_at: nowIso() })
      .where('uuid', '=', uuid)
      .execute();
  }

  /** Deletes a node (and its ports). @throws NodeNotFound */
  async delete(uuid: string): Promise<void> {
    await this.db.deleteFrom('ports').where('node_uuid', '=', uuid).execute();
    await this.db.deleteFrom('portgroups').where('node_uuid', '=', uuid).execute();
    await this.db.deleteFrom('allocations').where('node_uuid', '=', uuid).execute();
    await this.volume.deleteForNode(uuid);
    await this.history.deleteForNode(uuid);
    await this.inspectionData.deleteForNode(uuid);
    const res = await this.db.deleteFrom('nodes').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw nodeNotFound(uuid);
  }

  /**
   * Takes the exclusive reservation atomically
   * (`UPDATE nodes SET reservation = host WHERE uuid = ? AND reservation IS NULL`).
   * @returns `true` when this call took it.
   */
  async reserve(uuid: string, host: string): Promise<boolean> {
    const res = await this.db
      .updateTable('nodes')
      .set({ reservation: host })
      .where('uuid', '=', uuid)
      .where('reservation', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * {@link reserve} that also returns the node as locked (`UPDATE … RETURNING *`, one statement).
   * @returns the node, or `undefined` when it is reserved already or does not exist.
   */
  async reserveReturning(uuid: string, host: string): Promise<NodeRecord | undefined> {
    const row = await RESERVE_RETURNING.first(this.db, { uuid, host });
    return row ? nodeFromRow(row) : undefined;
  }

  /** Releases the reservation if `host` holds it. @returns `true` when released. */
  async release(uuid: string, host: string): Promise<boolean> {
    const res = await RELEASE.execute(this.db, { uuid, host });
    return Number(res.numAffectedRows) === 1;
  }

  /** Releases every reservation held by `hosts`. @returns the affected node uuids. */
  async releaseAllHeldBy(hosts: readonly string[]): Promise<string[]> {
    if (hosts.length === 0) return [];
    // One statement (UPDATE … RETURNING on SQLite ≥ 3.35 and PostgreSQL): the reported uuids are
    // exactly the rows released, even while other conductors take and release locks concurrently.
    const released = await this.db
      .updateTable('nodes')
      .set({ reservation: null })
      .where('reservation', 'in', hosts)
      .returning('uuid')
      .execute();
    return released.map((r) => r.uuid);
  }

  /** Clears `target_power_state` of nodes reserved by `host` (interrupted power actions). */
  async clearTargetPowerStateHeldBy(host: string): Promise<void> {
    await this.db
      .updateTable('nodes')
      .set({ target_power_state: null })
      .where('reservation', '=', host)
      .where('target_power_state', 'is not', null)
      .execute();
  }
}

/** Applies {@link NodeFilters} to a node query (shared by the repository and read-only inventory). */
export function applyNodeFilters<O = NodeRow>(
  q: SelectQueryBuilder<FerricDatabase, 'nodes', O>,
  f: NodeFilters,
): SelectQueryBuilder<FerricDatabase, 'nodes', O> {
  const list = (v: string | readonly string[]) => (typeof v === 'string' ? [v] : [...v]);
  if (f.uuids) q = f.uuids.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('uuid', 'in', [...f.uuids]);
  if (f.provisionState !== undefined) q = q.where('provision_state', 'in', list(f.provisionState));
  if (f.provisionStateNot?.length) q = q.where('provision_state', 'not in', [...f.provisionStateNot]);
  if (f.powerState !== undefined) q = q.where('power_state', '=', f.powerState);
  if (f.maintenance !== undefined) q = q.where('maintenance', '=', toBool(f.maintenance));
  if (f.fault !== undefined) q = q.where('fault', '=', f.fault);
  if (f.driver !== undefined) q = q.where('driver', 'in', list(f.driver));
  if (f.conductorGroup !== undefined) q = q.where('conductor_group', '=', f.conductorGroup);
  if (f.reserved !== undefined) q = q.where('reservation', f.reserved ? 'is not' : 'is', null);
  if (f.reservedBy) q = q.where('reservation', 'in', f.reservedBy.length ? [...f.reservedBy] : ['']);
  if (f.associated !== undefined) q = q.where('instance_uuid', f.associated ? 'is not' : 'is', null);
  if (f.instanceUuid !== undefined) q = q.where('instance_uuid', '=', f.instanceUuid);
  if (f.resourceClass !== undefined) q = q.where('resource_class', '=', f.resourceClass);
  if (f.owner !== undefined) q = q.where('owner', '=', f.owner);
  if (f.retired !== undefined) q = q.where('retired', '=', toBool(f.retired));
  if (f.lessee !== undefined) q = q.where('lessee', '=', f.lessee);
  if (f.chassisUuid !== undefined) q = q.where('chassis_uuid', '=', f.chassisUuid);
  if (f.shards !== undefined) q = q.where('shard', 'in', f.shards.length ? [...f.shards] : ['']);
  if (f.sharded !== undefined) q = q.where('shard', f.sharded ? 'is not' : 'is', null);
  if (f.parentNode !== undefined) q = q.where('parent_node', '=', f.parentNode);
  if (f.noParent) q = q.where('parent_node', 'is', null);
  if (f.instanceName !== undefined) q = q.where('instance_name', '=', f.instanceName);
  if (f.project !== undefined) {
    const project = f.project;
    q = q.where((eb: ExpressionBuilder<FerricDatabase, 'nodes'>) =>
      eb.or([eb('owner', '=', project), eb('lessee', '=', project)]),
    );
  }
  if (f.provisionedBefore !== undefined)
    q = q.where('provision_updated_at', '<', f.provisionedBefore.toISOString());
  if (f.targetPowerStateSet !== undefined)
    q = q.where('target_power_state', f.targetPowerStateSet ? 'is not' : 'is', null);
  if (f.descriptionContains !== undefined) q = q.where('description', 'like', `%${f.descriptionContains}%`);
  if (f.conductorAffinityNot !== undefined) {
    const host = f.conductorAffinityNot;
    q = q.where((eb: ExpressionBuilder<FerricDatabase, 'nodes'>) =>
      eb.or([eb('conductor_affinity', 'is', null), eb('conductor_affinity', '!=', host)]),
    );
  }
  return q;
}
