import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConductorRepository } from '../src/db/conductor-repository.js';
import { type FerricDb, openDatabase } from '../src/db/connection.js';
import { NodeRepository } from '../src/db/node-repository.js';
import { PortRepository } from '../src/db/port-repository.js';

let dir: string;
let handle: FerricDb;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferric-db-'));
  handle = await openDatabase({ sqlite: join(dir, 'ferric.sqlite') });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('migrates idempotently and persists across reopen', async () => {
    const nodes = new NodeRepository(handle.db);
    const n = await nodes.create({ driver: 'fake-hardware', name: 'n1', driverInfo: { a: 1 } });
    await handle.close();
    handle = await openDatabase({ sqlite: join(dir, 'ferric.sqlite') });
    const again = await new NodeRepository(handle.db).get('n1');
    expect(again.uuid).toBe(n.uuid);
    expect(again.driverInfo).toEqual({ a: 1 });
    expect(again.provisionState).toBe('enroll');
    expect(again.maintenance).toBe(false);
  });

  it('reserves atomically and releases only for the holder', async () => {
    const nodes = new NodeRepository(handle.db);
    const n = await nodes.create({ driver: 'fake-hardware' });
    const results = await Promise.all([nodes.reserve(n.uuid, 'a'), nodes.reserve(n.uuid, 'b')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = results[0] ? 'a' : 'b';
    expect(await nodes.release(n.uuid, holder === 'a' ? 'b' : 'a')).toBe(false);
    expect(await nodes.release(n.uuid, holder)).toBe(true);
    expect((await nodes.getByUuid(n.uuid)).reservation).toBeNull();
  });

  it('filters and paginates nodes with a marker', async () => {
    const nodes = new NodeRepository(handle.db);
    for (let i = 0; i < 5; i++) {
      await nodes.create({ driver: 'fake-hardware', name: `n${i}`, maintenance: i % 2 === 0 });
    }
    const p1 = await nodes.list({}, { limit: 2 });
    expect(p1.items).toHaveLength(2);
    expect(p1.next).toBe(p1.items[1]?.uuid);
    const p2 = await nodes.list({}, { limit: 2, marker: p1.next! });
    const p3 = await nodes.list({}, { limit: 2, marker: p2.next! });
    expect(p3.items).toHaveLength(1);
    expect(p3.next).toBeNull();
    const all = [...p1.items, ...p2.items, ...p3.items].map((n) => n.name);
    expect(new Set(all).size).toBe(5);
    expect((await nodes.list({ maintenance: true })).items).toHaveLength(3);
    expect((await nodes.list({ provisionState: ['enroll'], maintenance: false })).items).toHaveLength(2);
  });

  it('enforces unique MAC addresses and deletes ports with their node', async () => {
    const nodes = new NodeRepository(handle.db);
    const ports = new PortRepository(handle.db);
    const n = await nodes.create({ driver: 'fake-hardware' });
    await ports.create({ nodeUuid: n.uuid, address: '52:54:00:AA:BB:CC' });
    await expect(ports.create({ nodeUuid: n.uuid, address: '52:54:00:aa:bb:cc' })).rejects.toThrow();
    expect((await ports.list({ address: '52:54:00:AA:BB:CC' })).items).toHaveLength(1);
    await nodes.delete(n.uuid);
    expect((await ports.list()).items).toHaveLength(0);
  });

  it('registers conductors and computes liveness', async () => {
    const conductors = new ConductorRepository(handle.db);
    await conductors.register({
      hostname: 'c1',
      conductorGroup: 'G1',
      hardwareTypes: ['fake-hardware'],
      interfaces: [
        { hardwareType: 'fake-hardware', interfaceType: 'power', interfaceName: 'fake', isDefault: true },
      ],
    });
    expect((await conductors.activeHardwareTypeMap(60)).get('g1:fake-hardware')).toEqual(['c1']);
    expect(await conductors.listDeadHostnames(60)).toEqual([]);
    await conductors.unregister('c1');
    expect((await conductors.activeHardwareTypeMap(60)).size).toBe(0);
    expect(await conductors.listDeadHostnames(60)).toEqual(['c1']);
    const [c] = await conductors.list(60);
    expect(c?.alive).toBe(false);
  });
});
