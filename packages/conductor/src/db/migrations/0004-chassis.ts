import type { Kysely, Migration } from 'kysely';

/** Chassis (Ironic's `chassis` table) and the nodes' `chassis_uuid`. */
export const migration0004Chassis: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('chassis')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('description', 'varchar(255)')
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.alterTable('nodes').addColumn('chassis_uuid', 'varchar(36)').execute();
    await db.schema.createIndex('nodes_chassis_uuid_idx').on('nodes').column('chassis_uuid').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('nodes_chassis_uuid_idx').execute();
    await db.schema.alterTable('nodes').dropColumn('chassis_uuid').execute();
    await db.schema.dropTable('chassis').execute();
  },
};
