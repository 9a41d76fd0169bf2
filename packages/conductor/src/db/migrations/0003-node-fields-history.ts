import type { Kysely, Migration } from 'kysely';

/** Node columns added by this migration: `[name, type, notNull default]`. */
const NODE_COLUMNS: readonly (readonly [string, 'text' | 'integer' | 'varchar(255)', (string | number)?])[] =
  [
    ['traits', 'text'],
    ['protected', 'integer', 0],
    ['protected_reason', 'text'],
    ['retired', 'integer', 0],
    ['retired_reason', 'text'],
    ['lessee', 'varchar(255)'],
    ['network_data', 'text'],
    ['boot_mode', 'varchar(255)'],
    ['secure_boot', 'integer'],
    ['console_enabled', 'integer', 0],
    ['raid_config', 'text'],
    ['target_raid_config', 'text'],
  ];

/**
 * Ironic node fields the first schema lacked (traits as a JSON list, protected/retired, lessee,
 * network_data, boot mode, console, RAID) and the `node_history` table (API 1.78). One ALTER per
 * column so SQLite and PostgreSQL run the same statements.
 */
export const migration0003NodeFieldsHistory: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    for (const [name, type, def] of NODE_COLUMNS) {
      await db.schema
        .alterTable('nodes')
        .addColumn(name, type, (c) => (def === undefined ? c : c.notNull().defaultTo(def)))
        .execute();
    }
    await db.schema
      .createTable('node_history')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('node_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('conductor', 'varchar(255)')
      .addColumn('event_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('severity', 'varchar(255)', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('user', 'varchar(255)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('node_history_node_created_idx')
      .on('node_history')
      .columns(['node_uuid', 'created_at'])
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('node_history').execute();
    for (const [name] of [...NODE_COLUMNS].reverse())
      await db.schema.alterTable('nodes').dropColumn(name).execute();
  },
};
