import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFerricError, type Logger, silentLogger } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectInventory,
  DISCOVERED_MACS_KEY,
  parseInventory,
  RedfishClient,
  redfishPlugin,
} from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';
import { MOCKUPS, mockupServer } from './mockup-server.js';

describe('redfish inspect against the emulator', () => {
  beforeAll(fastSettings);
  afterAll(stopAll);

  it('inspects with what it can read: a 5xx from an optional collection is logged, not fatal', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 37 })).bmcs;
    bmc!.faults.configure({ errorRate: 1, errorStatus: 500, pathPattern: /\/Volumes$/ });
    const warnings: Record<string, unknown>[] = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (context: unknown) => {
        if (typeof context === 'object' && context) warnings.push(context as Record<string, unknown>);
      },
      child: () => logger,
    };
    const task = createTestTask(
      { ...redfishTask(bmc!).node, uuid: randomUUID() },
      { plugins: [redfishPlugin], logger },
    );
    expect(await task.driver.inspect.inspectHardware(task)).toBe('manageable');
    expect(task.node.properties).toMatchObject({ cpus: 32, cpu_arch: 'x86_64', memory_mb: 32768 });
    // The drives were read; only the volumes (behind the failing collection) are missing.
    const inventory = task.node.driverInternalInfo.inventory as { disks: { name: string }[] };
    expect(inventory.disks.length).toBeGreaterThan(0);
    expect(warnings.map((w) => w.path)).toEqual([expect.stringMatching(/\/Volumes$/)]);
    expect(String(warnings[0]?.reason)).toMatch(/HTTP 500/);
  });

  it('discovers cpus, cpu_arch, memory_mb, local_gb, MACs and saves the inventory', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 30 })).bmcs;
    const task = redfishTask(bmc!, {}, { properties: { capabilities: 'boot_mode:uefi' } });
    expect(await task.driver.inspect.inspectHardware(task)).toBe('manageable');
    // Default profile: 2 sockets x 8 cores x 2 threads, 4 x 8 GiB, smallest disk 480 GB.
    expect(task.node.properties).toEqual({
      capabilities: 'boot_mode:uefi',
      cpus: 32,
      cpu_arch: 'x86_64',
      memory_mb: 32768,
      local_gb: Math.floor(480_103_981_056 / 1024 ** 3 - 1),
    });
    expect(task.node.driverInternalInfo[DISCOVERED_MACS_KEY]).toEqual(bmc!.macs);
    // A port per discovered NIC, created through the task; inspecting again adds none.
    expect(task.ports.map((p) => p.address)).toEqual(bmc!.macs);
    await task.driver.inspect.inspectHardware(task);
    expect(task.ports).toHaveLength(bmc!.macs.length);
    const inventory = task.node.driverInternalInfo.inventory as Record<string, unknown>;
    expect((inventory.interfaces as { mac_address: string }[]).map((i) => i.mac_address)).toEqual(bmc!.macs);
    expect((inventory.disks as unknown[]).length).toBe(4);
    expect(inventory.system_vendor).toMatchObject({ manufacturer: 'Ferric' });
  });

  it('uses volumes for local_gb once RAID volumes exist, and follows the hardware profile', async () => {
    const [bmc] = (
      await fleet({
        count: 1,
        firstIndex: 31,
        hardware: { instructionSet: 'ARM-A64', cpus: 1, coresPerCpu: 4, threadsPerCore: 1, nics: 3 },
      })
    ).bmcs;
    bmc!.system.createVolume({ raidType: 'RAID1', drives: ['Disk.2', 'Disk.3'] });
    const task = redfishTask(bmc!);
    await task.driver.inspect.inspectHardware(task);
    expect(task.node.properties).toMatchObject({
      cpus: 4,
      cpu_arch: 'aarch64',
      local_gb: Math.floor(1_920_383_410_176 / 1024 ** 3 - 1),
    });
    expect(task.node.driverInternalInfo[DISCOVERED_MACS_KEY]).toHaveLength(3);
  });
});

/** Every ComputerSystem of every DMTF mockup tree. */
function mockupSystems(): { tree: string; id: string }[] {
  if (!existsSync(MOCKUPS)) return [];
  const out: { tree: string; id: string }[] = [];
  for (const tree of readdirSync(MOCKUPS)) {
    const systems = join(MOCKUPS, tree, 'Systems');
    if (!existsSync(join(systems, 'index.json'))) continue;
    for (const id of readdirSync(systems)) {
      if (existsSync(join(systems, id, 'index.json'))) out.push({ tree, id });
    }
  }
  return out;
}

describe('inspection reads every ComputerSystem of the DMTF mockups', () => {
  const systems = mockupSystems();
  it('finds the mockups', () => {
    expect(systems.length).toBeGreaterThanOrEqual(5);
  });

  for (const { tree, id } of systems) {
    it(`${tree} / ${id}`, async () => {
      const raw = JSON.parse(readFileSync(join(MOCKUPS, tree, 'Systems', id, 'index.json'), 'utf8'));
      // Parsing the bare document never throws.
      parseInventory({ system: raw, processors: [], memory: [], interfaces: [], disks: [] });
      const server = await mockupServer(join(MOCKUPS, tree));
      const client = new RedfishClient({
        address: server.url,
        username: null,
        password: null,
        connectionAttempts: 1,
      });
      try {
        const systemPath = `/redfish/v1/Systems/${id}`;
        const inventory = await collectInventory({ client, systemPath });
        expect(inventory.system_vendor.manufacturer ?? null).toBe(raw.Manufacturer ?? null);
        for (const nic of inventory.interfaces)
          if (nic.mac !== null) expect(nic.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        if (raw.MemorySummary?.TotalSystemMemoryGiB > 0) {
          expect(inventory.properties.memory_mb).toBe(
            Math.round(raw.MemorySummary.TotalSystemMemoryGiB * 1024),
          );
        }
        // And through the inspect interface: either it succeeds, or it says exactly what it could not find.
        const task = createTestTask(
          {
            driver: 'redfish',
            inspectInterface: 'redfish',
            powerInterface: 'redfish',
            managementInterface: 'redfish',
            driverInfo: {
              redfish_address: server.url,
              redfish_system_id: systemPath,
              redfish_connection_attempts: 1,
            },
          },
          { plugins: [redfishPlugin] },
        );
        try {
          await task.driver.inspect.inspectHardware(task);
          expect(task.node.properties.cpu_arch).toBeTypeOf('string');
          expect(task.node.properties.memory_mb).toBeTypeOf('number');
        } catch (error) {
          expect(isFerricError(error) && /could not discover/.test((error as Error).message)).toBe(true);
        }
      } finally {
        await client.close();
        await server.close();
      }
    });
  }
});
