/**
 * Faithfulness to the DMTF schema: our resources are compared with DMTF's public mockups
 * (fixtures/redfish-mockups at the repository root: DMTF's files, unchanged, BSD-3-Clause).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, startFleet } from '../src/index.js';
import { client } from './helpers.js';

const MOCKUPS = resolve(import.meta.dirname, '../../../fixtures/redfish-mockups');
const present = existsSync(MOCKUPS);

type Json = Record<string, unknown>;

/** Every resource of every mockup, grouped by entity type (`ComputerSystem`, `Manager`, …). */
function loadMockups(): Map<string, { file: string; body: Json }[]> {
  const byType = new Map<string, { file: string; body: Json }[]>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'index.json') {
        let body: Json;
        try {
          body = JSON.parse(readFileSync(p, 'utf8')) as Json;
        } catch {
          continue;
        }
        const type =
          typeof body['@odata.type'] === 'string' ? (body['@odata.type'] as string).split('.').pop()! : '';
        if (!type) continue;
        byType.set(type, [...(byType.get(type) ?? []), { file: p, body }]);
      }
    }
  };
  walk(MOCKUPS);
  return byType;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** path → JSON kinds seen, recursing into objects and array elements (`a.b[]`). */
function shapes(body: unknown, prefix = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (kind(body) === 'object') {
    for (const [k, v] of Object.entries(body as Json)) {
      if (k === 'Oem' || k.startsWith('@Redfish.Copyright')) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      out.set(path, (out.get(path) ?? new Set()).add(kind(v)));
      shapes(v, path, out);
    }
  } else if (Array.isArray(body)) {
    for (const item of body) {
      const path = `${prefix}[]`;
      out.set(path, (out.get(path) ?? new Set()).add(kind(item)));
      shapes(item, path, out);
    }
  }
  return out;
}

/**
 * Properties every mockup instance of a type has that the emulator deliberately leaves out, with the
 * reason. Everything else common to all mockup instances must be present in ours.
 */
const NOT_EMULATED: Record<string, string[]> = {
  '*': ['@Redfish.Copyright'],
  Manager: ['LogServices'], // no log services emulated
  SecureBoot: ['SecureBootDatabases'], // key databases are not emulated
  UpdateService: ['HttpPushUri', 'HttpPushUriOptions', 'HttpPushUriOptionsBusy'], // SimpleUpdate only
  Task: ['EndTime'], // present once the task ends
  AccountService: ['Roles'], // one built-in Administrator role, not exposed
};

let fleet: Fleet;
const ours = new Map<string, Json[]>();

beforeAll(async () => {
  if (!present) return;
  fleet = await startFleet({ count: 1, initialPower: 'On', updateStepMs: 1 });
  const bmc = fleet.bmcs[0]!;
  const c = client(bmc);
  // Populate optional resources: a session, a volume, an ended task.
  await c.post('/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'password' });
  await c.post('/redfish/v1/EventService/Subscriptions', { Destination: 'http://127.0.0.1:1/events' });
  const storage = `${bmc.systemPath}/Storage/RAID.Integrated.1`;
  await c.post(`${storage}/Volumes`, {
    RAIDType: 'RAID1',
    Links: {
      Drives: [{ '@odata.id': `${storage}/Drives/Disk.0` }, { '@odata.id': `${storage}/Drives/Disk.1` }],
    },
  });
  const task = await c.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', {
    ImageURI: 'http://127.0.0.1:1/unreachable.bin',
  });
  const monitor = task.headers.get('location')!;
  for (let i = 0; i < 200 && (await c.get(monitor)).status === 202; i++)
    await new Promise((r) => setTimeout(r, 20));
  // Crawl the whole tree.
  const seen = new Set<string>();
  const queue = ['/redfish/v1/'];
  const links = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.flatMap(links)
      : v && typeof v === 'object'
        ? Object.entries(v).flatMap(([k, x]) =>
            (k === '@odata.id' || k === '@Redfish.ActionInfo') && typeof x === 'string' && !x.includes('#')
              ? [x]
              : links(x),
          )
        : [];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const r = await c.get(path);
    const type = String(r.body['@odata.type']).split('.').pop()!;
    ours.set(type, [...(ours.get(type) ?? []), r.body]);
    queue.push(...links(r.body));
  }
});
afterAll(() => fleet?.close());

describe.skipIf(!present)('faithfulness to the DMTF mockups', () => {
  const mockups = present ? loadMockups() : new Map<string, { file: string; body: Json }[]>();
  const core = [
    'ServiceRoot',
    'ComputerSystemCollection',
    'ComputerSystem',
    'ManagerCollection',
    'Manager',
    'ChassisCollection',
    'Chassis',
    'Processor',
    'ProcessorCollection',
    'Memory',
    'MemoryCollection',
    'EthernetInterface',
    'EthernetInterfaceCollection',
    'Bios',
    'SecureBoot',
    'StorageCollection',
    'Storage',
    'Drive',
    'Volume',
    'VolumeCollection',
    'VirtualMedia',
    'VirtualMediaCollection',
    'SessionService',
    'Session',
    'SessionCollection',
    'TaskService',
    'Task',
    'TaskCollection',
    'UpdateService',
    'SoftwareInventory',
    'SoftwareInventoryCollection',
    'ActionInfo',
    'AccountService',
    'EventService',
    'EventDestination',
    'EventDestinationCollection',
    'MessageRegistryFile',
    'MessageRegistryFileCollection',
  ];

  it('reads all five mockup trees', () => {
    expect(readdirSync(MOCKUPS).filter((d) => d.startsWith('public-'))).toHaveLength(5);
    expect(mockups.get('ComputerSystem')?.length).toBeGreaterThanOrEqual(5);
  });

  it.each(core)('%s carries every property common to the mockups, with the same JSON types', (type) => {
    const theirs = mockups.get(type) ?? [];
    const mine = ours.get(type) ?? [];
    expect(theirs.length, `mockups have ${type}`).toBeGreaterThan(0);
    expect(mine.length, `emulator serves ${type}`).toBeGreaterThan(0);
    // Same namespace and entity in @odata.type.
    for (const r of mine)
      expect(r['@odata.type']).toMatch(new RegExp(`^#${type}\\.(v\\d+_\\d+_\\d+\\.)?${type}$`));
    // Required: what every mockup instance has.
    const skip = new Set([...(NOT_EMULATED['*'] ?? []), ...(NOT_EMULATED[type] ?? [])]);
    let common = new Set(Object.keys(theirs[0]!.body));
    for (const t of theirs) common = new Set([...common].filter((k) => k in t.body));
    const required = [...common].filter((k) => !skip.has(k));
    for (const r of mine) {
      const missing = required.filter((k) => !(k in r));
      expect(missing, `${r['@odata.id']} lacks`).toEqual([]);
    }
    // Types: a property we share with the mockups has a JSON type they use for it.
    const known = new Map<string, Set<string>>();
    for (const t of theirs)
      for (const [p, kinds] of shapes(t.body)) known.set(p, new Set([...(known.get(p) ?? []), ...kinds]));
    for (const r of mine) {
      for (const [p, kinds] of shapes(r)) {
        const expected = known.get(p);
        if (!expected || (expected.has('null') && expected.size === 1)) continue;
        for (const k of kinds) {
          if (k === 'null') continue;
          expect(expected.has(k), `${r['@odata.id']} ${p}: ${k} vs ${[...expected].join('|')}`).toBe(true);
        }
      }
    }
  });

  it('uses the mockups’ enumeration values for the key enums', () => {
    const values = (type: string, prop: string) =>
      new Set((mockups.get(type) ?? []).map((m) => m.body[prop]).filter((v) => typeof v === 'string'));
    const sys = ours.get('ComputerSystem')![0]!;
    expect(values('ComputerSystem', 'SystemType')).toContain(sys.SystemType);
    expect(values('ComputerSystem', 'PowerState')).toContain(sys.PowerState);
    expect(values('Manager', 'ManagerType')).toContain(ours.get('Manager')![0]!.ManagerType);
    expect(values('Chassis', 'ChassisType')).toContain(ours.get('Chassis')![0]!.ChassisType);
    const resetValues = new Set(
      (mockups.get('ComputerSystem') ?? []).flatMap((m) => {
        const a = (m.body.Actions as Json | undefined)?.['#ComputerSystem.Reset'] as Json | undefined;
        return (a?.['ResetType@Redfish.AllowableValues'] as string[] | undefined) ?? [];
      }),
    );
    const ourReset = (sys.Actions as Json)['#ComputerSystem.Reset'] as Json;
    for (const v of ourReset['ResetType@Redfish.AllowableValues'] as string[]) {
      if (v !== 'PowerCycle') expect(resetValues, v).toContain(v);
    }
    const targets = new Set(
      (mockups.get('ComputerSystem') ?? []).flatMap(
        (m) =>
          ((m.body.Boot as Json | undefined)?.[
            'BootSourceOverrideTarget@Redfish.AllowableValues'
          ] as string[]) ?? [],
      ),
    );
    for (const t of ['None', 'Pxe', 'Cd', 'Usb', 'Hdd', 'BiosSetup']) expect(targets).toContain(t);
  });
});
