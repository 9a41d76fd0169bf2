import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { NodeHistoryRecord, NodeHistorySeverity, Page, Pagination } from '../model.js';
import { nowIso } from './json.js';
import type { FerricDatabase, NodeHistoryRow } from './schema.js';

/** What a conductor records (uuid and time are generated). */
export interface NewNodeHistory {
  nodeUuid: string;
  conductor: string | null;
  eventType: string;
  severity: NodeHistorySeverity;
  event: string;
  user?: string | null;
}

/** Longest event message kept (Ironic truncates too; the column is `text`). */
export const MAX_HISTORY_EVENT_LENGTH = 8192;

function fromRow(row: NodeHistoryRow): NodeHistoryRecord {
  return {
    uuid: row.uuid,
    nodeUuid: row.node_uuid,
    conductor: row.conductor,
    eventType: row.event_type,
    severity: row.severity as NodeHistorySeverity,
    event: row.event,
    user: row.user,
    createdAt: new Date(row.created_at),
  };
}

/** Node history events (Ironic's `node_history` table), oldest first. */
export class NodeHistoryRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  /** Records one event. */
  async record(entry: NewNodeHistory): Promise<NodeHistoryRecord> {
    const row: NodeHistoryRow = {
      uuid: randomUUID(),
      node_uuid: entry.nodeUuid,
      conductor: entry.conductor,
      event_type: entry.eventType,
      severity: entry.severity,
      event: entry.event.slice(0, MAX_HISTORY_EVENT_LENGTH),
      user: entry.user ?? null,
      created_at: nowIso(),
    };
    await this.db.insertInto('node_history').values(row).execute();
    return fromRow(row);
  }

  /** A node's events, oldest first, with marker pagination (marker = event uuid). */
  async list(nodeUuid: string, page: Pagination<'created_at'> = {}): Promise<Page<NodeHistoryRecord>> {
    const limit = Math.min(Math.max(1, page.limit ?? 1000), 1000);
    const dir = page.sortDir ?? 'asc';
    let q = this.db.selectFrom('node_history').selectAll().where('node_uuid', '=', nodeUuid);
    if (page.marker) {
      const marker = await this.db
        .selectFrom('node_history')
        .selectAll()
        .where('uuid', '=', page.marker)
        .where('node_uuid', '=', nodeUuid)
        .executeTakeFirst();
      if (!marker) throw new NotFound(`Node history event ${page.marker} could not be found.`);
      const cmp = dir === 'asc' ? '>' : '<';
      q = q.where((eb) =>
        eb.or([
          eb('created_at', cmp, marker.created_at),
          eb.and([eb('created_at', '=', marker.created_at), eb('uuid', cmp, marker.uuid)]),
        ]),
      );
    }
    const rows = await q.orderBy('created_at', dir).orderBy('uuid', dir).limit(limit).execute();
    const items = rows.map(fromRow);
    return { items, next: items.length === limit ? (items[items.length - 1]?.uuid ?? null) : null };
  }

  /** One event of a node. @throws NotFound */
  async get(nodeUuid: string, eventUuid: string): Promise<NodeHistoryRecord> {
    const row = await this.db
      .selectFrom('node_history')
      .selectAll()
      .where('uuid', '=', eventUuid)
      .where('node_uuid', '=', nodeUuid)
      .executeTakeFirst();
    if (!row) throw new NotFound(`Node history event ${eventUuid} could not be found.`);
    return fromRow(row);
  }

  /** Removes a node's events (the node is being deleted). */
  async deleteForNode(nodeUuid: string): Promise<void> {
    await this.db.deleteFrom('node_history').where('node_uuid', '=', nodeUuid).execute();
  }
}
