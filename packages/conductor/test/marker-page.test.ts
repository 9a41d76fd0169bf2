import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FerricDb, openDatabase } from '../src/db/connection.js';
import { MAX_PAGE_LIMIT } from '../src/db/marker-page.js';
import { NodeRepository } from '../src/db/node-repository.js';
import { PortRepository } from '../src/db/port-repository.js';
import type { Page, Pagination, SortDir } from '../src/model.js';

// Every repository listing pages the same way (Ironic's marker pagination): ordered by the sort key
// then uuid, the marker being the uuid of the previous page's last item. These tests walk every
// listing page by page and compare with an order computed here, so the shared helper behind them
// (`db/marker-page.ts`) is held to the behaviour each listing had on its own.

let dir: string;
let handle: FerricDb;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferric-page-'));
  handle = await openDatabase({ sqlite: join(dir, 'ferric.sqlite') });
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Listed {
  uuid: string;
  createdAt: Date;
}

/** One listing under test: how to fill it and how to list it. */
interface Listing<T extends Listed> {
  name: string;
  sortKeys: readonly string[];
  /** Creates `n` items, all listed by `list` (the node they hang off is made by `fill`). */
  fill(nodes: NodeRepository, ports: PortRepository, n: number): Promise<void>;
  list(nodes: NodeRepository, ports: PortRepository, page: Pagination<string>): Promise<Page<T>>;
  /** What a marker naming no item throws. */
  notFound: RegExp;
}

function sortValue(item: Listed, key: string): string {
  if (key === 'created_at') return item.createdAt.toISOString();
  const camel = key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
  return String((item as unknown as Record<string, unknown>)[camel]);
}

function expectedOrder(items: readonly Listed[], key: string, dir: SortDir): string[] {
  const sorted = [...items].sort((a, b) => {
    const [va, vb] = [sortValue(a, key), sortValue(b, key)];
    if (va !== vb) return va < vb ? -1 : 1;
    return a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0;
  });
  if (dir === 'desc') sorted.reverse();
  return sorted.map((i) => i.uuid);
}

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${(counter++).toString().padStart(4, '0')}`;
const mac = (): string =>
  `52:54:00:00:${(counter >> 8).toString(16).padStart(2, '0')}:${(counter++ & 0xff).toString(16).padStart(2, '0')}`;

async function node(nodes: NodeRepository): Promise<string> {
  return (await nodes.create({ driver: 'fake-hardware' })).uuid;
}

// Names are created in an order unrelated to creation time, so sorting by name differs from sorting by
// creation.
const LISTINGS: Listing<Listed>[] = [
  {
    name: 'chassis',
    sortKeys: ['created_at', 'uuid'],
    async fill(nodes, _ports, n) {
      for (let i = 0; i < n; i++) await nodes.chassis.create({ description: unique('c') });
    },
    list: (nodes, _ports, page) => nodes.chassis.list(page as Pagination<'created_at'>),
    notFound: /^Chassis missing could not be found\.$/,
  },
  {
    name: 'portgroups',
    sortKeys: ['created_at', 'uuid', 'name'],
    async fill(nodes, ports, n) {
      const nodeUuid = await node(nodes);
      for (let i = 0; i < n; i++)
        await ports.portgroups.create({ nodeUuid, mode: 'active-backup', name: `pg-${n - i}` });
    },
    list: (_nodes, ports, page) => ports.portgroups.list({}, page as Pagination<'created_at'>),
    notFound: /^Portgroup missing could not be found\.$/,
  },
  {
    name: 'allocations',
    sortKeys: ['created_at', 'uuid'],
    async fill(nodes, _ports, n) {
      for (let i = 0; i < n; i++) {
        await nodes.allocations.create({
          name: unique('a'),
          resourceClass: 'baremetal',
          traits: [],
          candidateNodes: [],
          owner: null,
          extra: {},
        });
      }
    },
    list: (nodes, _ports, page) => nodes.allocations.list({}, page as Pagination<'created_at'>),
    notFound: /^Allocation missing could not be found\.$/,
  },
  {
    name: 'deploy templates',
    sortKeys: ['created_at', 'uuid', 'name'],
    async fill(nodes, _ports, n) {
      for (let i = 0; i < n; i++) await nodes.deployTemplates.create({ name: `CUSTOM_T${n - i}`, steps: [] });
    },
    list: (nodes, _ports, page) => nodes.deployTemplates.list(page as Pagination<'created_at'>),
    notFound: /^Deploy template missing could not be found\.$/,
  },
  {
    name: 'ports',
    sortKeys: ['created_at', 'uuid', 'address'],
    async fill(nodes, ports, n) {
      const nodeUuid = await node(nodes);
      for (let i = 0; i < n; i++) await ports.create({ nodeUuid, address: mac() });
    },
    list: (_nodes, ports, page) => ports.list({}, page as Pagination<'created_at'>),
    notFound: /^Port missing could not be found\.$/,
  },
  {
    name: 'volume connectors',
    sortKeys: ['created_at'],
    async fill(nodes, _ports, n) {
      const nodeUuid = await node(nodes);
      for (let i = 0; i < n; i++) {
        await nodes.volume.createConnector({ nodeUuid, type: 'iqn', connectorId: unique('iqn.2024-01.org') });
      }
    },
    list: (nodes, _ports, page) => nodes.volume.listConnectors(undefined, page as Pagination<'created_at'>),
    notFound: /^Volume connector missing could not be found\.$/,
  },
  {
    name: 'volume targets',
    sortKeys: ['created_at'],
    async fill(nodes, _ports, n) {
      const nodeUuid = await node(nodes);
      for (let i = 0; i < n; i++) {
        await nodes.volume.createTarget({
          nodeUuid,
          volumeType: 'iscsi',
          bootIndex: i,
          volumeId: unique('vol'),
        });
      }
    },
    list: (nodes, _ports, page) => nodes.volume.listTargets(undefined, page as Pagination<'created_at'>),
    notFound: /^Volume target missing could not be found\.$/,
  },
];

async function walk(
  listing: Listing<Listed>,
  nodes: NodeRepository,
  ports: PortRepository,
  page: Pagination<string>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let marker: string | undefined;
  for (;;) {
    const p = await listing.list(nodes, ports, { ...page, ...(marker ? { marker } : {}) });
    pages.push(p.items.map((i) => i.uuid));
    expect(p.next).toBe(p.items.length === page.limit ? (p.items.at(-1)?.uuid ?? null) : null);
    if (p.next === null) return pages;
    marker = p.next;
    if (pages.length > 20) throw new Error('pagination does not end');
  }
}

describe.each(LISTINGS)('marker pagination of $name', (listing) => {
  it.each(listing.sortKeys.flatMap((key) => (['asc', 'desc'] as const).map((dir) => ({ key, dir }))))(
    'walks every item once, by $key $dir then uuid',
    async ({ key, dir }) => {
      const nodes = new NodeRepository(handle.db);
      const ports = new PortRepository(handle.db);
      await listing.fill(nodes, ports, 5);
      const all = (await listing.list(nodes, ports, {})).items;
      expect(all).toHaveLength(5);
      const pages = await walk(listing, nodes, ports, { limit: 2, sortKey: key, sortDir: dir });
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(expectedOrder(all, key, dir));
    },
  );

  it('defaults to creation order, ascending, and clamps the limit to 1…MAX_PAGE_LIMIT', async () => {
    const nodes = new NodeRepository(handle.db);
    const ports = new PortRepository(handle.db);
    await listing.fill(nodes, ports, 4);
    const all = await listing.list(nodes, ports, {});
    expect(all.items.map((i) => i.uuid)).toEqual(expectedOrder(all.items, 'created_at', 'asc'));
    expect(all.next).toBeNull();
    for (const limit of [0, -3]) {
      const one = await listing.list(nodes, ports, { limit });
      expect(one.items.map((i) => i.uuid)).toEqual([all.items[0]?.uuid]);
      expect(one.next).toBe(all.items[0]?.uuid);
    }
    const big = await listing.list(nodes, ports, { limit: MAX_PAGE_LIMIT + 1 });
    expect(big.items).toHaveLength(4);
    expect(big.next).toBeNull();
    // A full last page still names a marker; the page after it is empty.
    const exact = await listing.list(nodes, ports, { limit: 4 });
    expect(exact.next).toBe(all.items[3]?.uuid);
    const after = await listing.list(nodes, ports, { limit: 4, marker: exact.next ?? '' });
    expect(after).toEqual({ items: [], next: null });
  });

  it('rejects a marker naming no item with the resource’s own not-found error', async () => {
    const nodes = new NodeRepository(handle.db);
    const ports = new PortRepository(handle.db);
    await expect(listing.list(nodes, ports, { marker: 'missing' })).rejects.toThrow(listing.notFound);
  });
});

describe('marker pagination with filters', () => {
  it('pages within the filter; a marker outside the filter still positions the page', async () => {
    const nodes = new NodeRepository(handle.db);
    const ports = new PortRepository(handle.db);
    const [a, b] = [await node(nodes), await node(nodes)];
    const created: (Listed & { nodeUuid: string })[] = [];
    for (let i = 0; i < 6; i++) created.push(await ports.create({ nodeUuid: i % 2 ? a : b, address: mac() }));
    const order = expectedOrder(created, 'created_at', 'asc');
    const mine = order.filter((u) => created.find((p) => p.uuid === u)?.nodeUuid === a);
    const p1 = await ports.list({ nodeUuid: a }, { limit: 2 });
    expect(p1.items.map((p) => p.uuid)).toEqual(mine.slice(0, 2));
    const p2 = await ports.list({ nodeUuid: a }, { limit: 2, marker: p1.next ?? '' });
    expect(p2.items.map((p) => p.uuid)).toEqual(mine.slice(2));
    // The marker is looked up without the filters (as Ironic does): a port of node b works too.
    const theirs = order.find((u) => created.find((p) => p.uuid === u)?.nodeUuid === b) ?? '';
    const p3 = await ports.list({ nodeUuid: a }, { marker: theirs });
    expect(p3.items.map((p) => p.uuid)).toEqual(mine.filter((u) => order.indexOf(u) > order.indexOf(theirs)));
  });

  it('node history pages one node’s events; another node’s event is not a marker', async () => {
    const nodes = new NodeRepository(handle.db);
    const [a, b] = [await node(nodes), await node(nodes)];
    const event = (nodeUuid: string) =>
      nodes.history.record({
        nodeUuid,
        conductor: 'c',
        eventType: 'x',
        severity: 'INFO',
        event: unique('e'),
      });
    const mine: Listed[] = [];
    for (let i = 0; i < 5; i++) {
      mine.push(await event(a));
      await event(b);
    }
    for (const dir of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let marker: string | undefined;
      do {
        const p = await nodes.history.list(a, { limit: 2, sortDir: dir, ...(marker ? { marker } : {}) });
        seen.push(...p.items.map((i) => i.uuid));
        marker = p.next ?? undefined;
      } while (marker);
      expect(seen).toEqual(expectedOrder(mine, 'created_at', dir));
    }
    const theirs = (await nodes.history.list(b, { limit: 1 })).items[0]?.uuid ?? '';
    await expect(nodes.history.list(a, { marker: theirs })).rejects.toThrow(
      `Node history event ${theirs} could not be found.`,
    );
  });

  it('volume listings ignore a sort key and always page by creation', async () => {
    const nodes = new NodeRepository(handle.db);
    const nodeUuid = await node(nodes);
    for (let i = 0; i < 3; i++) {
      await nodes.volume.createConnector({ nodeUuid, type: 'iqn', connectorId: unique('iqn.2024-01.org') });
    }
    const byCreation = (await nodes.volume.listConnectors(nodeUuid)).items.map((c) => c.uuid);
    const asked = await nodes.volume.listConnectors(nodeUuid, {
      sortKey: 'uuid' as 'created_at',
      sortDir: 'desc',
    });
    expect(asked.items.map((c) => c.uuid)).toEqual([...byCreation].reverse());
  });
});
