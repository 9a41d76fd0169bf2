import { randomUUID } from 'node:crypto';
import { NotFound } from '@ferric/core';
import type { Kysely } from 'kysely';
import type { Page, Pagination, VolumeConnectorRecord, VolumeTargetRecord } from '../model.js';
import { nowIso, parseJsonObject, toDate } from './json.js';
import { markerPage } from './marker-page.js';
import type { FerricDatabase, VolumeConnectorRow, VolumeTargetRow } from './schema.js';

/** Ironic's `VolumeConnectorNotFound` / `VolumeTargetNotFound` (404). @public */
export class VolumeNotFound extends NotFound {
  static override readonly code: string = 'VolumeNotFound';
}

type Kind = 'connector' | 'target';
const TABLE = { connector: 'volume_connectors', target: 'volume_targets' } as const;
const NAME = { connector: 'Volume connector', target: 'Volume target' } as const;

function connectorFromRow(r: VolumeConnectorRow): VolumeConnectorRecord {
  return {
    uuid: r.uuid,
    nodeUuid: r.node_uuid,
    type: r.type,
    connectorId: r.connector_id,
    extra: parseJsonObject(r.extra),
    createdAt: new Date(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

function targetFromRow(r: VolumeTargetRow): VolumeTargetRecord {
  return {
    uuid: r.uuid,
    nodeUuid: r.node_uuid,
    volumeType: r.volume_type,
    properties: parseJsonObject(r.properties),
    bootIndex: r.boot_index,
    volumeId: r.volume_id,
    extra: parseJsonObject(r.extra),
    createdAt: new Date(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** Writable fields of a connector. */
export type VolumeConnectorFields = Partial<
  Pick<VolumeConnectorRecord, 'nodeUuid' | 'type' | 'connectorId' | 'extra'>
>;
/** Writable fields of a target. */
export type VolumeTargetFields = Partial<
  Pick<VolumeTargetRecord, 'nodeUuid' | 'volumeType' | 'properties' | 'bootIndex' | 'volumeId' | 'extra'>
>;

/** Data access for volume connectors and targets (Ironic's storage resources). */
export class VolumeRepository {
  constructor(private readonly db: Kysely<FerricDatabase>) {}

  #notFound(kind: Kind, ident: string): VolumeNotFound {
    return new VolumeNotFound(`${NAME[kind]} ${ident} could not be found.`);
  }

  /** One connector. @throws VolumeNotFound */
  async getConnector(uuid: string): Promise<VolumeConnectorRecord> {
    const r = await this.db
      .selectFrom('volume_connectors')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (!r) throw this.#notFound('connector', uuid);
    return connectorFromRow(r);
  }

  /** One target. @throws VolumeNotFound */
  async getTarget(uuid: string): Promise<VolumeTargetRecord> {
    const r = await this.db
      .selectFrom('volume_targets')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (!r) throw this.#notFound('target', uuid);
    return targetFromRow(r);
  }

  /** Connectors (of a node) with marker pagination by creation. */
  async listConnectors(
    nodeUuid?: string,
    page: Pagination<'created_at'> = {},
  ): Promise<Page<VolumeConnectorRecord>> {
    return this.#page('connector', nodeUuid, page, (r) => connectorFromRow(r as VolumeConnectorRow));
  }

  /** Targets (of a node) with marker pagination by creation. */
  async listTargets(
    nodeUuid?: string,
    page: Pagination<'created_at'> = {},
  ): Promise<Page<VolumeTargetRecord>> {
    return this.#page('target', nodeUuid, page, (r) => targetFromRow(r as VolumeTargetRow));
  }

  async #page<T>(
    kind: Kind,
    nodeUuid: string | undefined,
    page: Pagination<'created_at'>,
    fromRow: (row: VolumeConnectorRow | VolumeTargetRow) => T,
  ): Promise<Page<T>> {
    const table = TABLE[kind];
    let q = this.db.selectFrom(table).selectAll();
    if (nodeUuid !== undefined) q = q.where('node_uuid', '=', nodeUuid);
    // Always by creation: these listings never honoured a caller's sort key.
    return markerPage(
      q,
      { ...page, sortKey: 'created_at' },
      {
        findMarker: (uuid) =>
          this.db.selectFrom(table).selectAll().where('uuid', '=', uuid).executeTakeFirst(),
        notFound: (marker) => this.#notFound(kind, marker),
        fromRow,
      },
    );
  }

  /** Inserts a connector. */
  async createConnector(
    input: Required<Pick<VolumeConnectorFields, 'nodeUuid' | 'type' | 'connectorId'>> &
      VolumeConnectorFields & { uuid?: string },
  ): Promise<VolumeConnectorRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('volume_connectors')
      .values({
        uuid,
        node_uuid: input.nodeUuid,
        type: input.type,
        connector_id: input.connectorId,
        extra: JSON.stringify(input.extra ?? {}),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.getConnector(uuid);
  }

  /** Inserts a target. */
  async createTarget(
    input: Required<Pick<VolumeTargetFields, 'nodeUuid' | 'volumeType' | 'bootIndex' | 'volumeId'>> &
      VolumeTargetFields & { uuid?: string },
  ): Promise<VolumeTargetRecord> {
    const uuid = input.uuid ?? randomUUID();
    await this.db
      .insertInto('volume_targets')
      .values({
        uuid,
        node_uuid: input.nodeUuid,
        volume_type: input.volumeType,
        properties: JSON.stringify(input.properties ?? {}),
        boot_index: input.bootIndex,
        volume_id: input.volumeId,
        extra: JSON.stringify(input.extra ?? {}),
        created_at: nowIso(),
        updated_at: null,
      })
      .execute();
    return this.getTarget(uuid);
  }

  /** Updates a connector. */
  async updateConnector(uuid: string, f: VolumeConnectorFields): Promise<VolumeConnectorRecord> {
    await this.db
      .updateTable('volume_connectors')
      .set({
        ...(f.nodeUuid !== undefined ? { node_uuid: f.nodeUuid } : {}),
        ...(f.type !== undefined ? { type: f.type } : {}),
        ...(f.connectorId !== undefined ? { connector_id: f.connectorId } : {}),
        ...(f.extra !== undefined ? { extra: JSON.stringify(f.extra) } : {}),
        updated_at: nowIso(),
      })
      .where('uuid', '=', uuid)
      .execute();
    return this.getConnector(uuid);
  }

  /** Updates a target. */
  async updateTarget(uuid: string, f: VolumeTargetFields): Promise<VolumeTargetRecord> {
    await this.db
      .updateTable('volume_targets')
      .set({
        ...(f.nodeUuid !== undefined ? { node_uuid: f.nodeUuid } : {}),
        ...(f.volumeType !== undefined ? { volume_type: f.volumeType } : {}),
        ...(f.properties !== undefined ? { properties: JSON.stringify(f.properties) } : {}),
        ...(f.bootIndex !== undefined ? { boot_index: f.bootIndex } : {}),
        ...(f.volumeId !== undefined ? { volume_id: f.volumeId } : {}),
        ...(f.extra !== undefined ? { extra: JSON.stringify(f.extra) } : {}),
        updated_at: nowIso(),
      })
      .where('uuid', '=', uuid)
      .execute();
    return this.getTarget(uuid);
  }

  /** Deletes a connector or target. */
  async delete(kind: Kind, uuid: string): Promise<void> {
    await this.db.deleteFrom(TABLE[kind]).where('uuid', '=', uuid).execute();
  }

  /** Removes a node's connectors and targets (the node is being deleted). */
  async deleteForNode(nodeUuid: string): Promise<void> {
    await this.db.deleteFrom('volume_connectors').where('node_uuid', '=', nodeUuid).execute();
    await this.db.deleteFrom('volume_targets').where('node_uuid', '=', nodeUuid).execute();
  }
}
