import type { Kysely, Migration } from 'kysely';

/** Port groups (API 1.23/1.26) and the ports' `portgroup_uuid` (API 1.24). */
export const migration0006Portgroups: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('portgroups')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('address', 'varchar(18)')
      .addColumn('node_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('mode', 'varchar(255)', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('standalone_ports_supported', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('internal_info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('portgroups_node_uuid_idx').on('portgroups').column('node_uuid').execute();
    await db.schema.alterTable('ports').addColumn('portgroup_uuid', 'varchar(36)').execute();
    await db.schema.createIndex('ports_portgroup_uuid_idx').on('ports').column('portgroup_uuid').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('ports_portgroup_uuid_idx').execute();
    await db.schema.alterTable('ports').dropColumn('portgroup_uuid').execute();
    await db.schema.dropTable('portgroups').execute();
  },
};
