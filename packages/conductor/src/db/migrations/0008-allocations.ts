import type { Kysely, Migration } from 'kysely';

/** Allocations (API 1.52) and the nodes' `allocation_uuid`. */
export const migration0008Allocations: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('allocations')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('node_uuid', 'varchar(36)')
      .addColumn('state', 'varchar(15)', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('resource_class', 'varchar(80)', (c) => c.notNull())
      .addColumn('traits', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('candidate_nodes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('owner', 'varchar(255)')
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.alterTable('nodes').addColumn('allocation_uuid', 'varchar(36)').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('nodes').dropColumn('allocation_uuid').execute();
    await db.schema.dropTable('allocations').execute();
  },
};
