import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { AllocationRecord, AllocationState, Page, Pagination } from '../model.js';
import { nowIso, parseJsonObject, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import type { AllocationRow, AllocationsTable, FerricDatabase } from './schema.js';

/** Filters of an allocation listing. */
export interface AllocationFilters {
  nodeUuid?: string;
  resourceClass?: string;
  state?: AllocationState;
  owner?: string;
}

/** Sortable allocation columns. */
export type AllocationSortKey = 'created_at' | 'uuid';

/** Ironic's `AllocationNotFound` (404). @public */
export class AllocationNotFound extends NotFound {
  static override readonly code: string = 'AllocationNotFound';
  constructor(ident: string) {
    super(`Allocation ${ident} could not be found.`);
  }
}

function list(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function fromRow(row: AllocationRow): AllocationRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    nodeUuid: row.node_uuid,
    state: row.state as AllocationState,
    lastError: row.last_error,
    resourceClass: row.resource_class,
    traits: list(row.traits),
    candidateNodes: list(row.candidate_nodes),
    owner: row.owner,
    extra: parseJsonObject(row.extra),
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Data access for allocations. */
export class AllocationRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Inserts an allocation in state `allocating`. */
  async create(
    input: Omit<AllocationRecord, 'uuid' | 'state' | 'lastError' | 'nodeUuid' | 'createdAt' | 'updatedAt'> & {
      uuid?: string;
    },
  ): Promise<AllocationRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('allocations')
      .values({
        uuid,
        name: input.name,
        node_uuid: null,
        state: 'allocating',
        last_error: null,
        resource_class: input.resourceClass,
        traits: JSON.stringify(input.traits),
        candidate_nodes: JSON.stringify(input.candidateNodes),
        owner: input.owner,
        extra: JSON.stringify(input.extra),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.get(uuid);
  }

  /** One allocation by uuid or name. @throws AllocationNotFound */
  async get(ident: string): Promise<AllocationRecord> {
    const row = await this.db
      .selectFrom('allocations')
      .selectAll()
      .where((eb) => eb.or([eb('uuid', '=', ident), eb('name', '=', ident)]))
      .executeTakeFirst();
    if (!row) throw new AllocationNotFound(ident);
    return fromRow(row);
  }

  /** Allocations with filters and marker pagination. */
  async list(
    filters: AllocationFilters = {},
    page: Pagination<AllocationSortKey> = {},
  ): Promise<Page<AllocationRecord>> {
    let q = this.db.selectFrom('allocations').selectAll();
    if (filters.nodeUuid !== undefined) q = q.where('node_uuid', '=', filters.nodeUuid);
    if (filters.resourceClass !== undefined) q = q.where('resource_class', '=', filters.resourceClass);
    if (filters.state !== undefined) q = q.where('state', '=', filters.state);
    if (filters.owner !== undefined) q = q.where('owner', '=', filters.owner);
    return markerPage(q, page, {
      findMarker: (uuid) =>
        this.db.selectFrom('allocations').selectAll().where('uuid', '=', uuid).executeTakeFirst(),
      notFound: (marker) => new AllocationNotFound(marker),
      fromRow,
    });
  }

  /** Updates an allocation. @throws AllocationNotFound */
  async update(
    uuid: string,
    patch: Partial<Pick<AllocationRecord, 'name' | 'extra' | 'state' | 'lastError' | 'nodeUuid'>>,
  ): Promise<AllocationRecord> {
    const values: Partial<AllocationsTable> = { updated_at: nowIso() };
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.extra !== undefined) values.extra = JSON.stringify(patch.extra);
    if (patch.state !== undefined) values.state = patch.state;
    if (patch.lastError !== undefined) values.last_error = patch.lastError;
    if (patch.nodeUuid !== undefined) values.node_uuid = patch.nodeUuid;
    const res = await this.db
      .updateTable('allocations')
      .set(values)
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AllocationNotFound(uuid);
    return this.get(uuid);
  }

  /** Deletes an allocation (missing rows are ignored). */
  async delete(uuid: string): Promise<void> {
    await this.db.deleteFrom('allocations').where('uuid', '=', uuid).execute();
  }
}
