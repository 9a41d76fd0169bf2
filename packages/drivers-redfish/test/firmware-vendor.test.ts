import type { FleetBmc } from '@ferric/bmc-emulator';
import { collectPeriodicTasks, type PeriodicContext, silentLogger, type Task } from '@ferric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRMWARE_COMPONENTS_KEY,
  FIRMWARE_UPDATES_KEY,
  RedfishFirmware,
  RedfishHardware,
  RedfishResourceNotFound,
} from '../src/index.js';
import { fastSettings, fleet, redfishTask, stopAll } from './helpers.js';
import { imageServer } from './image-server.js';

/** A PeriodicContext visiting exactly the given tasks, like a conductor would. */
function periodicContext(tasks: Task[]): PeriodicContext {
  return {
    host: 'test',
    logger: silentLogger,
    signal: new AbortController().signal,
    async forEachNode(options, visit) {
      let n = 0;
      for (const task of tasks) {
        const states = options.filters?.provisionState;
        const list = states === undefined ? undefined : Array.isArray(states) ? states : [states];
        if (list && !list.includes(task.node.provisionState)) continue;
        if (options.predicate && !options.predicate(task.node)) continue;
        await visit(task);
        n++;
      }
      return n;
    },
  };
}

describe('redfish firmware against the emulator', () => {
  let bmc: FleetBmc;
  let images: Awaited<ReturnType<typeof imageServer>>;
  beforeAll(async () => {
    fastSettings();
    bmc = (await fleet({ count: 1, firstIndex: 50, updateStepMs: 20 })).bmcs[0]!;
    images = await imageServer({
      '/bios-3.1.0.bin': Buffer.alloc(4096),
      '/bmc-2.07.bin': Buffer.alloc(4096),
    });
  });
  afterAll(async () => {
    await images.close();
    await stopAll();
  });

  it('updates inline outside a step and caches versions', async () => {
    const task = redfishTask(bmc);
    await task.driver.firmware.update(task, [{ component: 'bios', url: `${images.url}/bios-3.1.0.bin` }]);
    expect(bmc.system.firmware.bios).toBe('3.1.0');
    expect(task.node.driverInternalInfo[FIRMWARE_COMPONENTS_KEY]).toEqual(
      expect.arrayContaining([{ component: 'bios', current_version: '3.1.0' }]),
    );
  });

  it('as a clean step: returns clean wait, then the node periodic finishes and resumes', async () => {
    const task = redfishTask(bmc, {}, { provisionState: 'cleaning' });
    const result = await task.driver.firmware.executeCleanStep(task, {
      step: 'update',
      args: {
        settings: [
          { component: 'bios', url: `${images.url}/bios-3.1.0.bin` },
          { component: 'bmc', url: `${images.url}/bmc-2.07.bin` },
        ],
      },
    });
    expect(result).toBe('clean wait');
    await task.processEvent('wait');
    expect(task.node.provisionState).toBe('clean wait');
    expect(task.node.driverInternalInfo[FIRMWARE_UPDATES_KEY]).toHaveLength(2);

    const periodic = collectPeriodicTasks(new RedfishHardware()).find(
      (p) => p.name === 'RedfishFirmware.checkFirmwareUpdates',
    );
    expect(periodic?.nodeOptions?.purpose).toMatch(/firmware/);
    // The runtime collects its own instance; here the periodic runs on the task's firmware instance.
    expect(task.driver.firmware).toBeInstanceOf(RedfishFirmware);
    const ctx = periodicContext([task]);
    const fw = task.driver.firmware as RedfishFirmware;
    for (let i = 0; i < 200 && !task.resumeRequested; i++) {
      await ctx.forEachNode({ purpose: 'x', ...periodic!.nodeOptions }, (t) =>
        fw.checkFirmwareUpdates(t, ctx),
      );
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(task.resumeRequested).toBe(true);
    expect(bmc.system.firmware).toEqual({ bios: '3.1.0', bmc: '2.07' });
    expect(task.node.driverInternalInfo[FIRMWARE_UPDATES_KEY]).toBeUndefined();
  });

  it('fails the node with the BMC task messages when an update fails', async () => {
    const task = redfishTask(bmc, {}, { provisionState: 'cleaning' });
    await task.driver.firmware.update(task, [{ component: 'bios', url: `${images.url}/missing.bin` }]);
    await task.processEvent('wait');
    const ctx = periodicContext([task]);
    const fw = task.driver.firmware as RedfishFirmware;
    for (let i = 0; i < 200 && task.node.provisionState === 'clean wait'; i++) {
      await fw.checkFirmwareUpdates(task, ctx);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(task.node.provisionState).toBe('clean failed');
    expect(task.node.lastError).toMatch(/Firmware update of bios .* failed: .*Exception/);
  });
});

describe('redfish vendor passthru', () => {
  beforeAll(fastSettings);
  afterAll(stopAll);

  it('creates, lists, reads and deletes event subscriptions on the emulator', async () => {
    const [bmc] = (await fleet({ count: 1, firstIndex: 51 })).bmcs;
    const task = redfishTask(bmc!);
    const vendor = task.driver.vendor as unknown as Record<
      string,
      (t: Task, a?: object) => Promise<Record<string, unknown>>
    >;
    await task.driver.vendor.validate(task, 'create_subscription', {
      Destination: 'https://collector.example/events',
    });
    expect(() => task.driver.vendor.validate(task, 'create_subscription', {})).toThrow(/Destination/);
    expect(() => task.driver.vendor.validate(task, 'nope', {})).toThrow(/Unknown/);
    const created = await vendor.createSubscription!(task, {
      Destination: 'https://collector.example/events',
      EventTypes: ['Alert'],
      Context: 'ferric',
    });
    expect(created).toMatchObject({
      destination: 'https://collector.example/events',
      event_types: ['Alert'],
      context: 'ferric',
    });
    const id = created.id as string;
    expect((await vendor.getAllSubscriptions!(task)).subscriptions).toHaveLength(1);
    expect(await vendor.getSubscription!(task, { id })).toMatchObject({ id, protocol: 'Redfish' });
    await vendor.deleteSubscription!(task, { id });
    expect((await vendor.getAllSubscriptions!(task)).subscriptions).toHaveLength(0);
    await expect(vendor.getSubscription!(task, { id })).rejects.toBeInstanceOf(RedfishResourceNotFound);
    expect([...task.driver.vendor.routes.node.keys()].sort()).toEqual([
      'create_subscription',
      'delete_subscription',
      'eject_vmedia',
      'get_all_subscriptions',
      'get_subscription',
    ]);
  });
});
