import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { ChassisFields, ChassisRecord, Page, Pagination } from '../model.js';
import { nowIso, parseJsonObject, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import type { ChassisRow, FerricDatabase } from './schema.js';

/** Sortable chassis columns. */
export type ChassisSortKey = 'created_at' | 'uuid';

/** Ironic's `ChassisNotFound` (404). @public */
export class ChassisNotFound extends NotFound {
  static override readonly code: string = 'ChassisNotFound';
  constructor(ident: string) {
    super(`Chassis ${ident} could not be found.`);
  }
}

function fromRow(row: ChassisRow): ChassisRecord {
  return {
    uuid: row.uuid,
    description: row.description,
    extra: parseJsonObject(row.extra),
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Data access for chassis. */
export class ChassisRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Inserts a chassis (`uuid` generated when absent). */
  async create(input: ChassisFields & { uuid?: string }): Promise<ChassisRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('chassis')
      .values({
        uuid,
        description: input.description ?? null,
        extra: JSON.stringify(input.extra ?? {}),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.get(uuid);
  }

  /** One chassis. @throws ChassisNotFound */
  async get(uuid: string): Promise<ChassisRecord> {
    const row = await this.#find(uuid);
    if (!row) throw new ChassisNotFound(uuid);
    return fromRow(row);
  }

  #find(uuid: string): Promise<ChassisRow | undefined> {
    return this.db.selectFrom('chassis').selectAll().where('uuid', '=', uuid).executeTakeFirst();
  }

  /** Chassis with marker pagination. */
  async list(page: Pagination<ChassisSortKey> = {}): Promise<Page<ChassisRecord>> {
    return markerPage(this.db.selectFrom('chassis').selectAll(), page, {
      findMarker: (uuid) => this.#find(uuid),
      notFound: (marker) => new ChassisNotFound(marker),
      fromRow,
    });
  }

  /** Updates description/extra. @throws ChassisNotFound */
  async update(uuid: string, fields: ChassisFields): Promise<ChassisRecord> {
    const values: { description?: string | null; extra?: string; updated_at: string } = {
      updated_at: nowIso(),
    };
    if (fields.description !== undefined) values.description = fields.description;
    if (fields.extra !== undefined) values.extra = JSON.stringify(fields.extra);
    const res = await this.db.updateTable('chassis').set(values).where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ChassisNotFound(uuid);
    return this.get(uuid);
  }

  /** How many nodes belong to the chassis. */
  async countNodes(uuid: string): Promise<number> {
    const row = await this.db
      .selectFrom('nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chassis_uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deletes a chassis. @throws ChassisNotFound */
  async delete(uuid: string): Promise<void> {
    const res = await this.db.deleteFrom('chassis').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new ChassisNotFound(uuid);
  }
}
