import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PortNotFound } from '../errors.js';
import type { Page, Pagination, PortCreate, PortPatch, PortRecord } from '../model.js';
import { nowIso, parseJsonObject, toBool, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import { PortgroupRepository } from './portgroup-repository.js';
import { PreparedQuery } from './prepared-query.js';
import type { FerricDatabase, PortRow, PortsTable } from './schema.js';

/** Filters of a port listing. */
export interface PortFilters {
  nodeUuid?: string;
  address?: string;
  pxeEnabled?: boolean;
  portgroupUuid?: string;
  /** Ports of nodes in one of these conductor groups (API 1.99). */
  conductorGroups?: readonly string[];
  /** Ports of nodes in one of these shards (API 1.82). */
  shards?: readonly string[];
  /** Substring of the description (API 1.97). */
  descriptionContains?: string;
}

/** Sortable port columns. */
export type PortSortKey = 'created_at' | 'uuid' | 'address';

/** Maps a `ports` row to the camelCase record. */
export function portFromRow(row: PortRow): PortRecord {
  return {
    uuid: row.uuid,
    address: row.address,
    nodeUuid: row.node_uuid,
    name: row.name,
    pxeEnabled: row.pxe_enabled === 1,
    physicalNetwork: row.physical_network,
    localLinkConnection: parseJsonObject(row.local_link_connection),
    extra: parseJsonObject(row.extra),
    internalInfo: parseJsonObject(row.internal_info),
    isSmartnic: row.is_smartnic === 1,
    portgroupUuid: row.portgroup_uuid,
    description: row.description,
    vendor: row.vendor,
    category: row.category,
    availableForDynamicPortgroup: row.available_for_dynamic_portgroup === 1,
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function portPatchToRow(p: PortPatch): Partial<PortsTable> {
  const row: Partial<PortsTable> = {};
  if (p.address !== undefined) row.address = p.address.toLowerCase();
  if (p.nodeUuid !== undefined) row.node_uuid = p.nodeUuid;
  if (p.name !== undefined) row.name = p.name;
  if (p.pxeEnabled !== undefined) row.pxe_enabled = toBool(p.pxeEnabled);
  if (p.physicalNetwork !== undefined) row.physical_network = p.physicalNetwork;
  if (p.localLinkConnection !== undefined) row.local_link_connection = JSON.stringify(p.localLinkConnection);
  if (p.extra !== undefined) row.extra = JSON.stringify(p.extra);
  if (p.internalInfo !== undefined) row.internal_info = JSON.stringify(p.internalInfo);
  if (p.isSmartnic !== undefined) row.is_smartnic = toBool(p.isSmartnic);
  if (p.portgroupUuid !== undefined) row.portgroup_uuid = p.portgroupUuid;
  if (p.description !== undefined) row.description = p.description;
  if (p.vendor !== undefined) row.vendor = p.vendor;
  if (p.category !== undefined) row.category = p.category;
  if (p.availableForDynamicPortgroup !== undefined)
    row.available_for_dynamic_portgroup = toBool(p.availableForDynamicPortgroup);
  return row;
}

/** A node's ports, read by every task (compiled once). */
const PORTS_OF_NODE = new PreparedQuery((db: Kysely<FerricDatabase>, p) =>
  db.selectFrom('ports').selectAll().where('node_uuid', '=', p<string>('nodeUuid')).orderBy('created_at'),
);

/** Data access for ports (MAC addresses are unique and stored lower-case). */
export class PortRepository {
  /** The nodes' port groups (same database). */
  readonly portgroups: PortgroupRepository;

  constructor(private readonly db: Kysely<FerricDatabase>) {
    this.portgroups = new PortgroupRepository(db);
  }

  /** Inserts a port. */
  async create(input: PortCreate): Promise<PortRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('ports')
      .values({
        uuid,
        address: input.address.toLowerCase(),
        node_uuid: input.nodeUuid,
        name: null,
        pxe_enabled: 1,
        physical_network: null,
        local_link_connection: '{}',
        extra: '{}',
        internal_info: '{}',
        is_smartnic: 0,
        available_for_dynamic_portgroup: 1,
        ...portPatchToRow({ ...input, uuid: undefined } as PortPatch),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.get(uuid);
  }

  /** Finds a port by uuid or name. @throws PortNotFound */
  async get(ident: string): Promise<PortRecord> {
    const row = await this.db
      .selectFrom('ports')
      .selectAll()
      .where((eb) => eb.or([eb('uuid', '=', ident), eb('name', '=', ident)]))
      .executeTakeFirst();
    if (!row) throw new PortNotFound(ident);
    return portFromRow(row);
  }

  /** Lists ports with marker pagination. */
  async list(filters: PortFilters = {}, page: Pagination<PortSortKey> = {}): Promise<Page<PortRecord>> {
    let q = this.db.selectFrom('ports').selectAll();
    if (filters.nodeUuid !== undefined) q = q.where('node_uuid', '=', filters.nodeUuid);
    if (filters.address !== undefined) q = q.where('address', '=', filters.address.toLowerCase());
    if (filters.pxeEnabled !== undefined) q = q.where('pxe_enabled', '=', toBool(filters.pxeEnabled));
    if (filters.portgroupUuid !== undefined) q = q.where('portgroup_uuid', '=', filters.portgroupUuid);
    if (filters.descriptionContains !== undefined)
      q = q.where('description', 'like', `%${filters.descriptionContains}%`);
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
        this.db.selectFrom('ports').selectAll().where('uuid', '=', uuid).executeTakeFirst(),
      notFound: (marker) => new PortNotFound(marker),
      fromRow: portFromRow,
    });
  }

  /** Every port of a node. */
  async listForNode(nodeUuid: string): Promise<PortRecord[]> {
    const { rows } = await PORTS_OF_NODE.execute(this.db, { nodeUuid });
    return rows.map(portFromRow);
  }

  /** Updates a port. @throws PortNotFound */
  async update(uuid: string, patch: PortPatch): Promise<PortRecord> {
    const res = await this.db
      .updateTable('ports')
      .set({ ...portPatchToRow(patch), updated_at: nowIso() })
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new PortNotFound(uuid);
    return this.get(uuid);
  }

  /** Deletes a port. @throws PortNotFound */
  async delete(uuid: string): Promise<void> {
    const res = await this.db.deleteFrom('ports').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new PortNotFound(uuid);
  }
}
