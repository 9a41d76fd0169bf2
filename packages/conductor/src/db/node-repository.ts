import { randomUUID } from 'node:crypto';
import type { PowerStateValue, PowerTarget, ProvisionStateName, Step } from '@ferric/core';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { NodeNotFound } from '../errors.js';
import type { NodeCreate, NodePatch, NodeRecord, Page, Pagination } from '../model.js';
import { INTERFACE_TYPES } from '../model.js';
import { AllocationRepository } from './allocation-repository.js';
import { ChassisRepository } from './chassis-repository.js';
import { DeployTemplateRepository } from './deploy-template-repository.js';
import { nowIso, parseJsonObject, parseNullableJsonObject, toBool, toDate } from './json.js';
import { NodeHistoryRepository } from './node-history-repository.js';
import { VolumeRepository } from './volume-repository.js';

/** Parses the `traits` column (a JSON list; anything else is no traits). */
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
export const MAX_PAGE_LIMIT = 1000;

/** Maps a `nodes` row to the camelCase record. */
export function nodeFromRow(row: NodeRow): NodeRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    driver: row.driver,
    biosInterface: row.bios_interface,
    bootInterface: row.boot_interface,
    consoleInterface: row.console_interface,
    deployInterface: row.deploy_interface,
    firmwareInterface: row.firmware_interface,
    inspectInterface: row.inspect_interface,
    managementInterface: row.management_interface,
    networkInterface: row.network_interface,
    powerInterface: row.power_interface,
    raidInterface: row.raid_interface,
    rescueInterface: row.rescue_interface,
    storageInterface: row.storage_interface,
    vendorInterface: row.vendor_interface,
    provisionState: row.provision_state as ProvisionStateName,
    targetProvisionState: row.target_provision_state as ProvisionStateName | null,
    powerState: row.power_state as PowerStateValue,
    targetPowerState: row.target_power_state as PowerTarget | null,
    reservation: row.reservation,
    conductorAffinity: row.conductor_affinity,
    conductorGroup: row.conductor_group,
    maintenance: row.maintenance === 1,
    maintenanceReason: row.maintenance_reason,
    fault: row.fault,
    lastError: row.last_error,
    driverInfo: parseJsonObject(row.driver_info),
    driverInternalInfo: parseJsonObject(row.driver_internal_info),
    instanceInfo: parseJsonObject(row.instance_info),
    properties: parseJsonObject(row.properties),
    extra: parseJsonObject(row.extra),
    cleanStep: parseStep(row.clean_step),
    deployStep: parseStep(row.deploy_step),
    instanceUuid: row.instance_uuid,
    resourceClass: row.resource_class,
    description: row.description,
    owner: row.owner,
    automatedClean: row.automated_clean == null ? null : row.automated_clean === 1,
    provisionUpdatedAt: toDate(row.provision_updated_at),
    inspectionStartedAt: toDate(row.inspection_started_at),
    inspectionFinishedAt: toDate(row.inspection_finished_at),
    traits: parseTraits(row.traits),
    protected: row.protected === 1,
    protectedReason: row.protected_reason,
    retired: row.retired === 1,
    retiredReason: row.retired_reason,
    lessee: row.lessee,
    networkData: parseJsonObject(row.network_data),
    bootMode: row.boot_mode,
    secureBoot: row.secure_boot == null ? null : row.secure_boot === 1,
    consoleEnabled: row.console_enabled === 1,
    raidConfig: parseJsonObject(row.raid_config),
    targetRaidConfig: parseJsonObject(row.target_raid_config),
    chassisUuid: row.chassis_uuid,
    allocationUuid: row.allocation_uuid,
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
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
};
const BOOL_COLUMNS: Record<string, keyof NodeRow> = {
  maintenance: 'maintenance',
  protected: 'protected',
  retired: 'retired',
  consoleEnabled: 'console_enabled',
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

  constructor(private readonly db: Kysely<FerricDatabase>) {
    this.history = new NodeHistoryRepository(db);
    this.chassis = new ChassisRepository(db);
    this.deployTemplates = new DeployTemplateRepository(db);
    this.allocations = new AllocationRepository(db);
    this.volume = new VolumeRepository(db);
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

  /** Finds a node by uuid or name. @throws NodeNotFound */
  async get(ident: string): Promise<NodeRecord> {
    const row = await this.db
      .selectFrom('nodes')
      .selectAll()
      .where((eb) => eb.or([eb('uuid', '=', ident), eb('name', '=', ident)]))
      .executeTakeFirst();
    if (!row) throw new NodeNotFound(ident);
    return nodeFromRow(row);
  }

  /** Finds a node by uuid. @throws NodeNotFound */
  async getByUuid(uuid: string): Promise<NodeRecord> {
    const row = await this.db.selectFrom('nodes').selectAll().where('uuid', '=', uuid).executeTakeFirst();
    if (!row) throw new NodeNotFound(uuid);
    return nodeFromRow(row);
  }

  /** Finds a node by uuid, or `undefined`. */
  async find(uuid: string): Promise<NodeRecord | undefined> {
    const row = await this.db.selectFrom('nodes').selectAll().where('uuid', '=', uuid).executeTakeFirst();
    return row ? nodeFromRow(row) : undefined;
  }

  /** Lists nodes matching `filters`, with marker pagination. */
  async list(filters: NodeFilters = {}, page: Pagination<NodeSortKey> = {}): Promise<Page<NodeRecord>> {
    const limit = Math.min(Math.max(1, page.limit ?? MAX_PAGE_LIMIT), MAX_PAGE_LIMIT);
    const sortKey = page.sortKey ?? 'created_at';
    if (!NODE_SORT_KEYS.includes(sortKey)) throw new RangeError(`Unsupported sort key ${sortKey}`);
    const dir = page.sortDir ?? 'asc';
    let q = applyNodeFilters(this.db.selectFrom('nodes').selectAll(), filters);
    if (page.marker) {
      const marker = await this.db
        .selectFrom('nodes')
        .selectAll()
        .where('uuid', '=', page.marker)
        .executeTakeFirst();
      if (!marker) throw new NodeNotFound(page.marker);
      const value = marker[sortKey];
      const cmp = dir === 'asc' ? '>' : '<';
      q = q.where((eb) =>
        eb.or([eb(sortKey, cmp, value), eb.and([eb(sortKey, '=', value), eb('uuid', cmp, marker.uuid)])]),
      );
    }
    const rows = await q.orderBy(sortKey, dir).orderBy('uuid', dir).limit(limit).execute();
    const items = rows.map(nodeFromRow);
    return { items, next: items.length === limit ? (items[items.length - 1]?.uuid ?? null) : null };
  }

  /** Every node matching `filters` (no pagination; for periodics). */
  async listAll(filters: NodeFilters = {}): Promise<NodeRecord[]> {
    const rows = await applyNodeFilters(this.db.selectFrom('nodes').selectAll(), filters)
      .orderBy('provision_updated_at')
      .orderBy('uuid')
      .execute();
    return rows.map(nodeFromRow);
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
    if (!updated) throw new NodeNotFound(uuid);
    return nodeFromRow(updated);
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
    const res = await this.db.deleteFrom('nodes').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new NodeNotFound(uuid);
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
    const row = await this.db
      .updateTable('nodes')
      .set({ reservation: host })
      .where('uuid', '=', uuid)
      .where('reservation', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ? nodeFromRow(row) : undefined;
  }

  /** Releases the reservation if `host` holds it. @returns `true` when released. */
  async release(uuid: string, host: string): Promise<boolean> {
    const res = await this.db
      .updateTable('nodes')
      .set({ reservation: null })
      .where('uuid', '=', uuid)
      .where('reservation', '=', host)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
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
