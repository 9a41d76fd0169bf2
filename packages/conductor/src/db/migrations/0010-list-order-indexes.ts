import type { Kysely, Migration } from 'kysely';

/**
 * Indexes matching the list orders: every listing sorts by `(sort key, uuid)` and pages with a
 * marker (`WHERE key > ? OR (key = ? AND uuid > ?)`), so each sort key the API offers gets a
 * `(key, uuid)` index. The node ones replace single-column indexes they cover (same write cost).
 */
const NODE_REPLACED: [string, string, string][] = [
  // [old index, new index, sort column]
  ['nodes_created_at_idx', 'nodes_created_at_uuid_idx', 'created_at'],
  ['nodes_driver_idx', 'nodes_driver_uuid_idx', 'driver'],
  ['nodes_provision_state_idx', 'nodes_provision_state_uuid_idx', 'provision_state'],
  ['nodes_conductor_group_idx', 'nodes_conductor_group_uuid_idx', 'conductor_group'],
];

const ADDED: [string, string, string[]][] = [
  ['ports_created_at_uuid_idx', 'ports', ['created_at', 'uuid']],
  ['portgroups_created_at_uuid_idx', 'portgroups', ['created_at', 'uuid']],
  ['portgroups_name_uuid_idx', 'portgroups', ['name', 'uuid']],
];

export const migration0010ListOrderIndexes: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    for (const [old, name, column] of NODE_REPLACED) {
      await db.schema.createIndex(name).on('nodes').columns([column, 'uuid']).execute();
      await db.schema.dropIndex(old).execute();
    }
    for (const [name, table, columns] of ADDED) {
      await db.schema.createIndex(name).on(table).columns(columns).execute();
    }
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    for (const [name] of ADDED) await db.schema.dropIndex(name).execute();
    for (const [old, name, column] of NODE_REPLACED) {
      await db.schema.createIndex(old).on('nodes').column(column).execute();
      await db.schema.dropIndex(name).execute();
    }
  },
};
