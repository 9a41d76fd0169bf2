import type { Kysely, Migration } from 'kysely';

const INTERFACES = [
  'bios',
  'boot',
  'console',
  'deploy',
  'firmware',
  'inspect',
  'management',
  'network',
  'power',
  'raid',
  'rescue',
  'storage',
  'vendor',
] as const;

/** Initial schema: nodes, ports, conductors, conductor_hardware_interfaces and their indexes. */
export const migration0001Initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
  async up(db: Kysely<any>): Promise<void> {
    let nodes = db.schema
      .createTable('nodes')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('driver', 'varchar(255)', (c) => c.notNull());
    for (const iface of INTERFACES) nodes = nodes.addColumn(`${iface}_interface`, 'varchar(255)');
    await nodes
      .addColumn('provision_state', 'varchar(32)', (c) => c.notNull().defaultTo('enroll'))
      .addColumn('target_provision_state', 'varchar(32)')
      .addColumn('power_state', 'varchar(32)')
      .addColumn('target_power_state', 'varchar(32)')
      .addColumn('reservation', 'varchar(255)')
      .addColumn('conductor_affinity', 'varchar(255)')
      .addColumn('conductor_group', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('maintenance', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('maintenance_reason', 'text')
      .addColumn('fault', 'varchar(255)')
      .addColumn('last_error', 'text')
      .addColumn('driver_info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('driver_internal_info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('instance_info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('properties', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('clean_step', 'text')
      .addColumn('deploy_step', 'text')
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.unique())
      .addColumn('resource_class', 'varchar(80)')
      .addColumn('description', 'text')
      .addColumn('owner', 'varchar(255)')
      .addColumn('automated_clean', 'integer')
      .addColumn('provision_updated_at', 'varchar(32)')
      .addColumn('inspection_started_at', 'varchar(32)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();

    const nodeIndexes: [string, string[]][] = [
      ['nodes_provision_state_idx', ['provision_state']],
      ['nodes_provision_state_updated_idx', ['provision_state', 'provision_updated_at']],
      ['nodes_reservation_idx', ['reservation']],
      ['nodes_maintenance_idx', ['maintenance']],
      ['nodes_driver_idx', ['driver']],
      ['nodes_conductor_group_idx', ['conductor_group']],
      ['nodes_conductor_affinity_idx', ['conductor_affinity']],
      ['nodes_power_state_idx', ['power_state']],
      ['nodes_fault_idx', ['fault']],
      ['nodes_owner_idx', ['owner']],
      ['nodes_resource_class_idx', ['resource_class']],
      ['nodes_created_at_idx', ['created_at']],
    ];
    for (const [name, columns] of nodeIndexes) {
      await db.schema.createIndex(name).on('nodes').columns(columns).execute();
    }

    await db.schema
      .createTable('ports')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('address', 'varchar(18)', (c) => c.notNull().unique())
      .addColumn('node_uuid', 'varchar(36)', (c) => c.notNull().references('nodes.uuid').onDelete('cascade'))
      .addColumn('name', 'varchar(255)', (c) => c.unique())
      .addColumn('pxe_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('physical_network', 'varchar(64)')
      .addColumn('local_link_connection', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('internal_info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)')
      .execute();
    await db.schema.createIndex('ports_node_uuid_idx').on('ports').column('node_uuid').execute();

    await db.schema
      .createTable('conductors')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('hostname', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('online', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('conductor_group', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('drivers', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('version', 'varchar(32)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('conductors_online_updated_idx')
      .on('conductors')
      .columns(['online', 'updated_at'])
      .execute();

    await db.schema
      .createTable('conductor_hardware_interfaces')
      .addColumn('conductor_id', 'varchar(36)', (c) =>
        c.notNull().references('conductors.id').onDelete('cascade'),
      )
      .addColumn('hardware_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('interface_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('interface_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('conductor_hardware_interfaces_pk', [
        'conductor_id',
        'hardware_type',
        'interface_type',
        'interface_name',
      ])
      .execute();
    await db.schema
      .createIndex('chi_hardware_type_idx')
      .on('conductor_hardware_interfaces')
      .column('hardware_type')
      .execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['conductor_hardware_interfaces', 'conductors', 'ports', 'nodes']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
