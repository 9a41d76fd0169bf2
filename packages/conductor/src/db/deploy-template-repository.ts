import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type {
  DeployTemplateFields,
  DeployTemplateRecord,
  DeployTemplateStep,
  Page,
  Pagination,
} from '../model.js';
import { nowIso, parseJsonObject, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import type { DeployTemplateRow, FerricDatabase } from './schema.js';

/** Sortable deploy template columns. */
export type DeployTemplateSortKey = 'created_at' | 'uuid' | 'name';

/** Ironic's `DeployTemplateNotFound` (404). @public */
export class DeployTemplateNotFound extends NotFound {
  static override readonly code: string = 'DeployTemplateNotFound';
  constructor(ident: string) {
    super(`Deploy template ${ident} could not be found.`);
  }
}

function parseSteps(text: string): DeployTemplateStep[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as DeployTemplateStep[]) : [];
  } catch {
    return [];
  }
}

function fromRow(row: DeployTemplateRow): DeployTemplateRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    steps: parseSteps(row.steps),
    extra: parseJsonObject(row.extra),
    createdAt: new Date(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Data access for deploy templates. */
export class DeployTemplateRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Inserts a template. */
  async create(
    input: Required<Pick<DeployTemplateFields, 'name' | 'steps'>> & DeployTemplateFields & { uuid?: string },
  ): Promise<DeployTemplateRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('deploy_templates')
      .values({
        uuid,
        name: input.name,
        steps: JSON.stringify(input.steps),
        extra: JSON.stringify(input.extra ?? {}),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.get(uuid);
  }

  /** One template by uuid or name. @throws DeployTemplateNotFound */
  async get(ident: string): Promise<DeployTemplateRecord> {
    const row = await this.db
      .selectFrom('deploy_templates')
      .selectAll()
      .where((eb) => eb.or([eb('uuid', '=', ident), eb('name', '=', ident)]))
      .executeTakeFirst();
    if (!row) throw new DeployTemplateNotFound(ident);
    return fromRow(row);
  }

  /** The templates with these names (unknown names are skipped). */
  async listByNames(names: readonly string[]): Promise<DeployTemplateRecord[]> {
    if (names.length === 0) return [];
    const rows = await this.db
      .selectFrom('deploy_templates')
      .selectAll()
      .where('name', 'in', [...names])
      .orderBy('name')
      .execute();
    return rows.map(fromRow);
  }

  /** Templates with marker pagination. */
  async list(page: Pagination<DeployTemplateSortKey> = {}): Promise<Page<DeployTemplateRecord>> {
    return markerPage(this.db.selectFrom('deploy_templates').selectAll(), page, {
      findMarker: (uuid) =>
        this.db.selectFrom('deploy_templates').selectAll().where('uuid', '=', uuid).executeTakeFirst(),
      notFound: (marker) => new DeployTemplateNotFound(marker),
      fromRow,
    });
  }

  /** Updates a template. @throws DeployTemplateNotFound */
  async update(uuid: string, fields: DeployTemplateFields): Promise<DeployTemplateRecord> {
    const values: { name?: string; steps?: string; extra?: string; updated_at: string } = {
      updated_at: nowIso(),
    };
    if (fields.name !== undefined) values.name = fields.name;
    if (fields.steps !== undefined) values.steps = JSON.stringify(fields.steps);
    if (fields.extra !== undefined) values.extra = JSON.stringify(fields.extra);
    const res = await this.db
      .updateTable('deploy_templates')
      .set(values)
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DeployTemplateNotFound(uuid);
    return this.get(uuid);
  }

  /** Deletes a template. @throws DeployTemplateNotFound */
  async delete(uuid: string): Promise<void> {
    const res = await this.db.deleteFrom('deploy_templates').where('uuid', '=', uuid).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw new DeployTemplateNotFound(uuid);
  }
}
