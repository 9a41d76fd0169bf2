import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConductorNotFound } from '../errors.js';
import type { ConductorHardwareInterface, ConductorRecord } from '../model.js';
import { nowIso, toBool } from './json.js';
import type { ConductorRow, FerricDatabase } from './schema.js';

/** What a conductor registers on start. */
export interface ConductorRegistration {
  hostname: string;
  conductorGroup: string;
  /** Enabled hardware type names. */
  hardwareTypes: readonly string[];
  /** Enabled ∩ supported implementations per hardware type. */
  interfaces: readonly ConductorHardwareInterface[];
  version?: string;
}

/** Maps a `conductors` row; `alive` is computed against `heartbeatTimeout` seconds. */
export function conductorFromRow(
  row: ConductorRow,
  heartbeatTimeout: number,
  now = Date.now(),
): ConductorRecord {
  let drivers: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.drivers);
    if (Array.isArray(parsed)) drivers = parsed.filter((d): d is string => typeof d === 'string');
  } catch {
    drivers = [];
  }
  return {
    id: row.id,
    hostname: row.hostname,
    online: row.online === 1,
    alive: row.online === 1 && Date.parse(row.updated_at) >= now - heartbeatTimeout * 1000,
    conductorGroup: row.conductor_group,
    drivers,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Data access for conductor registrations and liveness. */
export class ConductorRepository {
  /**
   * @param rpcAddress written into this process's registrations (`register`): where peers reach the
   * conductor over a point-to-point transport such as JSON-RPC.
   */
  constructor(
    private readonly db: Kysely<FerricDatabase>,
    private readonly rpcAddress: string | null = null,
  ) {}

  /**
   * Registers (or re-registers) a conductor row and replaces its hardware interface rows, in one
   * transaction. @returns the row and whether a live registration was overwritten.
   */
  async register(reg: ConductorRegistration): Promise<{ id: string; replacedLive: boolean }> {
    const now = nowIso();
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('conductors')
        .selectAll()
        .where('hostname', '=', reg.hostname)
        .executeTakeFirst();
      const id = existing?.id ?? randomUUID();
      const values = {
        online: 1,
        conductor_group: reg.conductorGroup,
        drivers: JSON.stringify([...reg.hardwareTypes]),
        version: reg.version ?? null,
        rpc_address: this.rpcAddress,
        updated_at: now,
      };
      if (existing) await trx.updateTable('conductors').set(values).where('id', '=', id).execute();
      else
        await trx
          .insertInto('conductors')
          .values({ id, hostname: reg.hostname, created_at: now, ...values })
          .execute();
      await trx.deleteFrom('conductor_hardware_interfaces').where('conductor_id', '=', id).execute();
      if (reg.interfaces.length > 0) {
        await trx
          .insertInto('conductor_hardware_interfaces')
          .values(
            reg.interfaces.map((i) => ({
              conductor_id: id,
              hardware_type: i.hardwareType,
              interface_type: i.interfaceType,
              interface_name: i.interfaceName,
              is_default: toBool(i.isDefault),
              created_at: now,
            })),
          )
          .execute();
      }
      return { id, replacedLive: existing?.online === 1 };
    });
  }

  /** Keepalive: bumps `updated_at` (and sets `online`). @returns `false` if the row is gone. */
  async touch(hostname: string, online = true): Promise<boolean> {
    const res = await this.db
      .updateTable('conductors')
      .set({ updated_at: nowIso(), online: toBool(online) })
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Marks a conductor offline and drops its hardware interface rows. */
  async unregister(hostname: string): Promise<void> {
    const row = await this.db
      .selectFrom('conductors')
      .select('id')
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (!row) return;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('conductor_hardware_interfaces').where('conductor_id', '=', row.id).execute();
      await trx
        .updateTable('conductors')
        .set({ online: 0, updated_at: nowIso() })
        .where('id', '=', row.id)
        .execute();
    });
  }

  /** All registered conductors. */
  async list(heartbeatTimeout: number): Promise<ConductorRecord[]> {
    const rows = await this.db.selectFrom('conductors').selectAll().orderBy('hostname').execute();
    const now = Date.now();
    return rows.map((r) => conductorFromRow(r, heartbeatTimeout, now));
  }

  /** One conductor by host name. @throws ConductorNotFound */
  async get(hostname: string, heartbeatTimeout: number): Promise<ConductorRecord> {
    const row = await this.db
      .selectFrom('conductors')
      .selectAll()
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (!row) throw new ConductorNotFound(hostname);
    return conductorFromRow(row, heartbeatTimeout);
  }

  /** Host names of conductors that are *not* alive (offline or heartbeat older than the timeout). */
  async listDeadHostnames(heartbeatTimeout: number): Promise<string[]> {
    const cutoff = new Date(Date.now() - heartbeatTimeout * 1000).toISOString();
    const rows = await this.db
      .selectFrom('conductors')
      .select('hostname')
      .where((eb) => eb.or([eb('online', '=', 0), eb('updated_at', '<', cutoff)]))
      .execute();
    return rows.map((r) => r.hostname);
  }

  /**
   * Live conductors per `<conductor_group>:<hardware type>` (group lower-cased), the input of the
   * hash ring.
   */
  async activeHardwareTypeMap(heartbeatTimeout: number): Promise<Map<string, string[]>> {
    const cutoff = new Date(Date.now() - heartbeatTimeout * 1000).toISOString();
    const rows = await this.db
      .selectFrom('conductor_hardware_interfaces as chi')
      .innerJoin('conductors as c', 'c.id', 'chi.conductor_id')
      .select(['c.hostname', 'c.conductor_group', 'chi.hardware_type'])
      .distinct()
      .where('c.online', '=', 1)
      .where('c.updated_at', '>=', cutoff)
      .execute();
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const key = `${r.conductor_group.toLowerCase()}:${r.hardware_type}`;
      const hosts = map.get(key) ?? [];
      if (!hosts.includes(r.hostname)) hosts.push(r.hostname);
      map.set(key, hosts);
    }
    for (const hosts of map.values()) hosts.sort();
    return map;
  }

  /** The RPC address a conductor registered (`null` when unknown or not applicable). */
  async rpcAddressOf(hostname: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('conductors')
      .select('rpc_address')
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    return row?.rpc_address ?? null;
  }

  /** Hardware interface rows registered by a conductor. */
  async listHardwareInterfaces(hostname: string): Promise<ConductorHardwareInterface[]> {
    const rows = await this.db
      .selectFrom('conductor_hardware_interfaces as chi')
      .innerJoin('conductors as c', 'c.id', 'chi.conductor_id')
      .select(['chi.hardware_type', 'chi.interface_type', 'chi.interface_name', 'chi.is_default'])
      .where('c.hostname', '=', hostname)
      .execute();
    return rows.map((r) => ({
      hardwareType: r.hardware_type,
      interfaceType: r.interface_type,
      interfaceName: r.interface_name,
      isDefault: r.is_default === 1,
    }));
  }
}
