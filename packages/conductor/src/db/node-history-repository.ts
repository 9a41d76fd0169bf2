import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { NodeHistoryRecord, NodeHistorySeverity, Page, Pagination } from '../model.js';
import { nowIso } from './json.js';
import { markerPage } from './marker-page.js';
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

function eventNotFound(eventUuid: string): NotFound {
  return new NotFound(`Node history event ${eventUuid} could not be found.`);
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
    const q = this.db.selectFrom('node_history').selectAll().where('node_uuid', '=', nodeUuid);
    // Always by creation (oldest first unless `desc`): a caller's sort key was never honoured here.
    // Unlike the other listings the marker must be an event of this node, as in `get`.
    return markerPage(
      q,
      { ...page, sortKey: 'created_at' },
      {
        findMarker: (uuid) => this.#find(nodeUuid, uuid),
        notFound: eventNotFound,
        fromRow,
      },
    );
  }

  /** One event of a node. @throws NotFound */
  async get(nodeUuid: string, eventUuid: string): Promise<NodeHistoryRecord> {
    const row = await this.#find(nodeUuid, eventUuid);
    if (!row) throw eventNotFound(eventUuid);
    return fromRow(row);
  }

  #find(nodeUuid: string, eventUuid: string): Promise<NodeHistoryRow | undefined> {
    return this.db
      .selectFrom('node_history')
      .selectAll()
      .where('uuid', '=', eventUuid)
      .where('node_uuid', '=', nodeUuid)
      .executeTakeFirst();
  }

  /** Removes a node's events (the node is being deleted). */
  async deleteForNode(nodeUuid: string): Promise<void> {
    await this.db.deleteFrom('node_history').where('node_uuid', '=', nodeUuid).execute();
  }
}
