import type { Kysely, Migration } from 'kysely';

/** Node columns of API 1.82–1.109: `[name, type]`. */
const NODE_COLUMNS = [
  ['shard', 'varchar(255)'],
  ['parent_node', 'varchar(36)'],
  ['service_step', 'text'],
  ['instance_name', 'varchar(255)'],
  ['health', 'varchar(255)'],
] as const;

/**
 * The fields of API 1.81–1.111: node `shard` (1.82), `parent_node` (1.83), `service_step` (1.87),
 * `disable_power_off` (1.95), `instance_name` (1.104), `health` (1.109); port `description` (1.97),
 * `vendor` (1.100), `category` (1.101), `available_for_dynamic_portgroup` (1.111); port group
 * `physical_network` (1.102), `category` (1.103), `dynamic_portgroup` (1.111); and the inventory
 * inspection saved per node (1.81).
 */
export const migration0011ApiNextFields: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    for (const [name, type] of NODE_COLUMNS)
      await db.schema.alterTable('nodes').addColumn(name, type).execute();
    await db.schema
      .alterTable('nodes')
      .addColumn('disable_power_off', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Listing by shard (1.82) and a parent's children (1.83) are filters.
    await db.schema.createIndex('nodes_shard_idx').on('nodes').column('shard').execute();
    await db.schema.createIndex('nodes_parent_node_idx').on('nodes').column('parent_node').execute();
    for (const name of ['description', 'vendor', 'category'])
      await db.schema.alterTable('ports').addColumn(name, 'varchar(255)').execute();
    await db.schema
      .alterTable('ports')
      .addColumn('available_for_dynamic_portgroup', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    for (const name of ['physical_network', 'category'])
      await db.schema.alterTable('portgroups').addColumn(name, 'varchar(64)').execute();
    await db.schema
      .alterTable('portgroups')
      .addColumn('dynamic_portgroup', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('node_inventory')
      .addColumn('node_uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('inventory', 'text', (c) => c.notNull())
      .addColumn('plugin_data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('node_inventory').execute();
    for (const name of ['physical_network', 'category', 'dynamic_portgroup'])
      await db.schema.alterTable('portgroups').dropColumn(name).execute();
    for (const name of ['description', 'vendor', 'category', 'available_for_dynamic_portgroup'])
      await db.schema.alterTable('ports').dropColumn(name).execute();
    await db.schema.dropIndex('nodes_parent_node_idx').execute();
    await db.schema.dropIndex('nodes_shard_idx').execute();
    for (const name of [...NODE_COLUMNS.map(([n]) => n), 'disable_power_off'])
      await db.schema.alterTable('nodes').dropColumn(name).execute();
  },
};
