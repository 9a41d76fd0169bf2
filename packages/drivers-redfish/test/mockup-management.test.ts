import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestTask } from '@ferric/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedfishClients, redfishPlugin } from '../src/index.js';
import { MOCKUPS, mockupServer } from './mockup-server.js';

const TREE = join(MOCKUPS, 'public-rackmount1');

describe.skipIf(!existsSync(TREE))('redfish management reads a DMTF mockup (rackmount1)', () => {
  let server: Awaited<ReturnType<typeof mockupServer>>;
  beforeAll(async () => {
    server = await mockupServer(TREE);
  });
  afterAll(async () => {
    await closeRedfishClients();
    await server.close();
  });
  const task = () =>
    createTestTask(
      {
        driver: 'redfish',
        powerInterface: 'redfish',
        managementInterface: 'redfish',
        driverInfo: { redfish_address: server.url, redfish_connection_attempts: 1 },
      },
      { plugins: [redfishPlugin] },
    );

  it('discovers the only system and reads power, boot, health, vendor', async () => {
    const t = task();
    expect(await t.driver.power.getPowerState(t)).toBe('power on');
    expect(await t.driver.management.getBootDevice(t)).toEqual({ bootDevice: 'pxe', persistent: false });
    expect(await t.driver.management.getBootMode(t)).toBe('uefi');
    expect(await t.driver.management.getNodeHealth(t)).toBe('OK');
    expect(await t.driver.management.detectVendor(t)).toBe('Contoso');
    expect(await t.driver.management.getSupportedBootDevices(t)).toEqual(
      expect.arrayContaining(['pxe', 'disk', 'cdrom', 'bios']),
    );
  });

  it('reads sensors, indicators and virtual media', async () => {
    const t = task();
    const sensors = await t.driver.management.getSensorsData(t);
    expect(Object.keys(sensors).length).toBeGreaterThan(0);
    expect(Object.keys(sensors.Temperature ?? {}).length).toBeGreaterThan(0);
    const indicators = await t.driver.management.getSupportedIndicators(t);
    expect(indicators.system).toBeDefined();
    const media = await t.driver.management.getVirtualMedia(t);
    expect(media.map((m) => m.deviceType)).toEqual(expect.arrayContaining(['cdrom', 'floppy']));
  });
});
