import type { Kysely, Migration } from 'kysely';

/** Deploy templates (API 1.55): named (trait) sets of deploy steps. */
export const migration0007DeployTemplates: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('deploy_templates')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('deploy_templates').execute();
  },
};
