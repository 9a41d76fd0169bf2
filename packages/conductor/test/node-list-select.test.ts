/** Node listings that read only some record keys decode them exactly as full reads do. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FerricDb, openDatabase } from '../src/db/connection.js';
import { NodeRepository } from '../src/db/node-repository.js';
import type { NodeRecord } from '../src/model.js';

let dir: string;
let handle: FerricDb;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferric-select-'));
  handle = await openDatabase({ sqlite: join(dir, 'ferric.sqlite') });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('NodeRepository.list with select', () => {
  async function seed(nodes: NodeRepository): Promise<NodeRecord[]> {
    const rich = await nodes.create({
      driver: 'fake-hardware',
      name: 'rich',
      driverInfo: { ipmi_password: 'x', nested: { a: [1, 2] } },
      instanceInfo: { image_source: 'img' },
      properties: { cpus: 2 },
      extra: { e: 'f' },
      traits: ['CUSTOM_B', 'CUSTOM_A'],
      automatedClean: false,
      description: 'control \u0001\t\n, quote " backslash \\ unicode é 😀 \u2028',
      owner: 'o',
      lessee: 'l',
      networkData: { links: [] },
      maintenance: true,
      maintenanceReason: 'r',
      resourceClass: 'rc',
    });
    await nodes.update(rich.uuid, {
      cleanStep: {
        step: 'erase',
        interface: 'deploy',
        priority: 10,
        abortable: false,
        argsinfo: null,
        requiresRamdisk: false,
        args: {},
      },
      inspectionStartedAt: new Date('2026-01-02T03:04:05.678Z'),
      secureBoot: true,
      bootMode: 'uefi',
    });
    await nodes.create({ driver: 'fake-hardware', name: 'plain' });
    await nodes.create({ driver: 'fake-hardware' });
    return (await nodes.list()).items;
  }

  it('reads each key (and the uuid) exactly as the full record has it', async () => {
    const nodes = new NodeRepository(handle.db);
    const full = await seed(nodes);
    expect(full).toHaveLength(3);
    const keys = Object.keys(full[0] as NodeRecord) as (keyof NodeRecord)[];
    expect(keys).toHaveLength(64);
    for (const key of keys) {
      const page = await nodes.list({}, {}, [key]);
      const expected = full.map((n) => (key === 'uuid' ? { uuid: n.uuid } : { uuid: n.uuid, [key]: n[key] }));
      expect(page.items, key).toEqual(expected);
      expect(
        page.items.map((n) => Object.keys(n).sort()),
        key,
      ).toEqual(expected.map((n) => Object.keys(n).sort()));
    }
  });

  it('lists records equal to single reads (rows packed or not)', async () => {
    const nodes = new NodeRepository(handle.db);
    const full = await seed(nodes);
    for (const listed of [...full, ...(await nodes.listAll())]) {
      const single = await nodes.getByUuid(listed.uuid);
      expect(listed).toEqual(single);
      expect(Object.keys(listed)).toEqual(Object.keys(single));
    }
    expect(full[0]?.description).toContain('😀');
  });

  it('keeps filters, sort keys and markers with a narrow selection', async () => {
    const nodes = new NodeRepository(handle.db);
    const full = await seed(nodes);
    const byName = (await nodes.list({ maintenance: false }, { sortKey: 'driver', sortDir: 'desc' })).items;
    const narrow = await nodes.list(
      { maintenance: false },
      { sortKey: 'driver', sortDir: 'desc', limit: 1 },
      ['name'],
    );
    expect(narrow.items).toEqual([{ uuid: byName[0]?.uuid, name: byName[0]?.name }]);
    const rest = await nodes.list(
      { maintenance: false },
      { sortKey: 'driver', sortDir: 'desc', marker: narrow.next ?? '' },
      ['name'],
    );
    expect(rest.items.map((n) => n.uuid)).toEqual(byName.slice(1).map((n) => n.uuid));
    expect(full.filter((n) => !n.maintenance)).toHaveLength(2);
  });
});
