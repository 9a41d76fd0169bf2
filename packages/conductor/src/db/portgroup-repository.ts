import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { Page, Pagination, PortgroupCreate, PortgroupPatch, PortgroupRecord } from '../model.js';
import { nowIso, parseJsonObject, toBool, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import type { FerricDatabase, PortgroupRow, PortgroupsTable } from './schema.js';

/** Filters of a port group listing. */
export interface PortgroupFilters {
  nodeUuid?: string;
  address?: string;
  /** Port groups of nodes in one of these conductor groups (API 1.99). */
  conductorGroups?: readonly string[];
  /** Port groups of nodes in one of these shards (API 1.106). */
  shards?: readonly string[];
}

/** Sortable port group columns. */
export type PortgroupSortKey = 'created_at' | 'uuid' | 'name';

/** Ironic's `PortgroupNotFound` (404). @public */
export class PortgroupNotFound extends NotFound {
  static override readonly code: string = 'PortgroupNotFound';
  constructor(ident: string) {
    super(`Portgroup ${ident} could not be found.`);
  }
}

function fromRow(row: PortgroupRow): PortgroupRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    address: row.address,
    nodeUuid: row.node_uuid,
    mode: row.mode,
    properties: parseJsonObject(row.properties),
    standalonePortsSupported: row.standalone_ports_supported === 1,
    extra: parseJsonObject(row.extra),
    internalInfo: parseJsonObject(row.internal_info),
    physicalNetwork: row.physical_network,
    category: row.category,
    dynamicPortgroup: row.dynamic_portgroup === 1,
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function patchToRow(p: PortgroupPatch): Partial<PortgroupsTable> {
  const row: Partial<PortgroupsTable> = {};
  if (p.name !== undefined) row.name = p.name;
  if (p.address !== undefined) row.address = p.address === null ? null : p.address.toLowerCase();
  if (p.nodeUuid !== undefined) row.node_uuid = p.nodeUuid;
  if (p.mode !== undefined) row.mode = p.mode;
  if (p.properties !== undefined) row.properties = JSON.stringify(p.properties);
  if (p.standalonePortsSupported !== undefined)
    row.standalone_ports_supported = toBool(p.standalonePortsSupported);
  if (p.extra !== undefined) row.extra = JSON.stringify(p.extra);
  if (p.internalInfo !== undefined) row.internal_info = JSON.stringify(p.internalInfo);
  if (p.physicalNetwork !== undefined) row.physical_network = p.physicalNetwork;
  if (p.category !== undefined) row.category = p.category;
  if (p.dynamicPortgroup !== undefined) row.dynamic_portgroup = toBool(p.dynamicPortgroup);
  return row;
}

/** Data access for port groups (Ironic's `portgroups` table). */
export class PortgroupRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Inserts a port group. */
  async create(input: PortgroupCreate): Promise<PortgroupRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('portgroups')
      .values({
        uuid,
        name: null,
        address: null,
        properties: '{}',
        standalone_ports_supported: 1,
        extra: '{}',
        internal_info: '{}',
        dynamic_portgroup: 0,
        ...patchToRow({ ...input, uuid: undefined } as PortgroupPatch),
        node_uuid: input.nodeUuid,
        mode: input.mode,
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.get(uuid);
  }

  /** One port group by uuid or name. @throws PortgroupNotFound */
  async get(ident: string): Promise<PortgroupRecord> {
    const row = await this.db
      .selectFrom('portgroups')
      .selectAll()
      .where((eb) => eb.or([eb('uuid', '=', ident), eb('name', '=', ident)]))
      .executeTakeFirst();
    if (!row) throw new PortgroupNotFound(ident);
    return fromRow(row);
  }

  /** Port groups with filters and marker pagination. */
  async list(
    filters: PortgroupFilters = {},
    page: Pagination<PortgroupSortKey> = {},
  ): Promise<Page<PortgroupRecord>> {
    let q = this.db.selectFrom('portgroups').selectAll();
    if (filters.nodeUuid !== undefined) q = q.where('node_uuid', '=', filters.nodeUuid);
    if (filters.address !== undefined) q = q.where('address', '=', filters.address.toLowerCase());
    if (filters.conductorGroups !== undefined) {
      const groups = [...filters.conductorGroups];
      q = q.where('node_uuid', 'in', (eb) =>
        eb.selectFrom('nodes').select('uuid').where('conductor_group', 'in', groups),
      );
    }
    if (filters.shards !== undefined) {
      const shards = [...filters.shards];
      q = q.where('node_uuid', 'in', (eb) =>
        eb.selectFrom('nodes').select('uuid').where('shard', 'in', shards),
      );
    }
    return markerPage(q, page, {
      findMarker: (uuid) =>
        this.db.selectFrom('portgroups').selectAll().where('uuid', '=', uuid).executeTakeFirst(),
      notFound: (marker) => new PortgroupNotFound(marker),
      fromRow,
    });
  }

  /** Updates a port group. @throws PortgroupNotFound */
  async update(uuid: string, patch: PortgroupPatch): Promise<PortgroupRecord> {
    const res = await this.db
      .updateTable('portgroups')
      .set({ ...patchToRow(patch), updated_at: nowIso() })
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new PortgroupNotFound(uuid);
    return this.get(uuid);
  }

  /** How many ports belong to the port group. */
  async countPorts(uuid: string): Promise<number> {
    const row = await this.db
      .selectFrom('ports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('portgroup_uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deletes a port group. @throws PortgroupNotFound */
  async delete(uuid: string): Promise<void> {
    const res = await this.db.deleteFrom('portgroups').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new PortgroupNotFound(uuid);
  }
}
