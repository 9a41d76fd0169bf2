import type { Kysely, Migration } from 'kysely';

/** Volume connectors and targets (API 1.32). */
export const migration0009Volume: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('volume_connectors')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('node_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('connector_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .addUniqueConstraint('volume_connectors_type_connector_id_uq', ['type', 'connector_id'])
      .execute();
    await db.schema
      .createTable('volume_targets')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('node_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('volume_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('boot_index', 'integer', (c) => c.notNull())
      .addColumn('volume_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .addUniqueConstraint('volume_targets_node_boot_index_uq', ['node_uuid', 'boot_index'])
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('volume_targets').execute();
    await db.schema.dropTable('volume_connectors').execute();
  },
};
