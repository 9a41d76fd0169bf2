import type { Kysely, Migration } from 'kysely';

/** Each conductor records the address it serves RPC on (JSON-RPC over HTTP: `http://host:port`). */
export const migration0002ConductorRpcAddress: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('conductors').addColumn('rpc_address', 'varchar(255)').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('conductors').dropColumn('rpc_address').execute();
  },
};
