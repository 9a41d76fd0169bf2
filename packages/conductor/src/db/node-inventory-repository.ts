import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { JsonObject } from '../model.js';
import { nowIso, parseJsonObject } from './json.js';
import type { FerricDatabase } from './schema.js';

/** What inspection saved about a node (Ironic's `node_inventory`, API 1.81). */
export interface NodeInventoryRecord {
  nodeUuid: string;
  /** The inventory the ramdisk (or the BMC) reported. */
  inventory: JsonObject;
  /** What the inspection hooks derived from it. */
  pluginData: JsonObject;
  createdAt: Date;
}

/** Ironic's `NodeInventoryNotFound` (404). @public */
export class NodeInventoryNotFound extends NotFound {
  static override readonly code: string = 'NodeInventoryNotFound';
  constructor(node: string) {
    super(`Node inventory record for node ${node} could not be found.`);
  }
}

/** The last inspection's data per node: each inspection replaces the previous one, as in Ironic. */
export class NodeInventoryRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Stores (replaces) a node's inspection data. */
  async save(nodeUuid: string, inventory: JsonObject, pluginData: JsonObject): Promise<void> {
    const row = {
      inventory: JSON.stringify(inventory),
      plugin_data: JSON.stringify(pluginData),
      created_at: nowIso(),
    };
    await this.db
      .insertInto('node_inventory')
      .values({ node_uuid: nodeUuid, ...row })
      .onConflict((oc) => oc.column('node_uuid').doUpdateSet(row))
      .execute();
  }

  /** A node's inspection data. @throws NodeInventoryNotFound */
  async get(nodeUuid: string): Promise<NodeInventoryRecord> {
    const row = await this.db
      .selectFrom('node_inventory')
      .selectAll()
      .where('node_uuid', '=', nodeUuid)
      .executeTakeFirst();
    if (!row) throw new NodeInventoryNotFound(nodeUuid);
    return {
      nodeUuid: row.node_uuid,
      inventory: parseJsonObject(row.inventory),
      pluginData: parseJsonObject(row.plugin_data),
      createdAt: new Date(row.created_at),
    };
  }

  /** Forgets a node's data (the node is deleted). */
  async deleteForNode(nodeUuid: string): Promise<void> {
    await this.db.deleteFrom('node_inventory').where('node_uuid', '=', nodeUuid).execute();
  }
}
