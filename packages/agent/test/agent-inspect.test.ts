import { PowerState, ProvisionState } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { describe, expect, it } from 'vitest';
import { configureAgent } from '../src/config.js';
import { AgentInspect, propertiesFromInventory } from '../src/inspect/agent-inspect.js';

const INVENTORY = {
  interfaces: [
    { name: 'eth0', mac_address: '52:54:00:12:34:56', ipv4_address: '10.0.2.15' },
    { name: 'eth1', mac_address: '52:54:00:12:34:57', ipv4_address: '' },
  ],
  cpu: { count: 2, architecture: 'x86_64' },
  memory: { total: 536870912, physical_mb: 512 },
  disks: [{ name: '/dev/vda', size: 10 * 1024 ** 3, rotational: false }],
};

describe('agent inspection', () => {
  it("derives Ironic's properties from an IPA inventory", () => {
    expect(propertiesFromInventory(INVENTORY)).toEqual({
      cpus: 2,
      cpu_arch: 'x86_64',
      memory_mb: 512,
      local_gb: 9,
    });
  });

  it('boots the agent with the inspection callback, then stores properties and new ports', async () => {
    configureAgent({ apiUrl: 'http://192.0.2.1:6385' });
    const inspect = new AgentInspect();
    const base = createTestTask({ driver: 'fake-hardware' });
    const task = createTestTask(
      { driver: 'fake-hardware', provisionState: ProvisionState.INSPECTING },
      { driver: { ...base.driver, inspect }, ports: [{ address: '52:54:00:12:34:56', pxeEnabled: true }] },
    );
    expect(await inspect.inspectHardware(task)).toBe(ProvisionState.INSPECTWAIT);
    expect(task.node.powerState).toBe(PowerState.ON);
    await inspect.continueInspection(task, INVENTORY);
    expect(task.node.properties).toMatchObject({ cpus: 2, memory_mb: 512, local_gb: 9, cpu_arch: 'x86_64' });
    expect(task.ports.map((p) => [p.address, p.pxeEnabled])).toEqual([
      ['52:54:00:12:34:56', true],
      ['52:54:00:12:34:57', false],
    ]);
    expect(task.node.powerState).toBe(PowerState.OFF);
  });
});
