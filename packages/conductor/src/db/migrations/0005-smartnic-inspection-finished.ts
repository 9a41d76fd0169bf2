import type { Kysely, Migration } from 'kysely';

/** Ports' `is_smartnic` (API 1.53) and nodes' `inspection_finished_at` (API 1.6). */
export const migration0005SmartnicInspectionFinished: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('ports')
      .addColumn('is_smartnic', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('nodes').addColumn('inspection_finished_at', 'varchar(32)').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('nodes').dropColumn('inspection_finished_at').execute();
    await db.schema.alterTable('ports').dropColumn('is_smartnic').execute();
  },
};
