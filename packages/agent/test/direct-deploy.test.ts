import { PowerState, ProvisionState, type Task } from '@ferric/core';
import { createTestTask, type TestTask } from '@ferric/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { missingPeers } from '../../../test-support/peers.js';
import { configureAgent } from '../src/config.js';
import { AgentInfoKey, agentRamdiskParams, pendingCommand } from '../src/deploy/agent-info.js';
import { DirectDeploy } from '../src/deploy/direct-deploy.js';
import { RamdiskDeploy } from '../src/deploy/ramdisk-deploy.js';
import { type FakeAgent, startFakeAgent } from './helpers/fake-agent.js';

const IMAGE = 'http://images.example/instance.raw';

function taskFor(deploy: DirectDeploy | RamdiskDeploy, node: Parameters<typeof createTestTask>[0]): TestTask {
  const base = createTestTask({ driver: 'fake-hardware' });
  return createTestTask({ driver: 'fake-hardware', ...node }, { driver: { ...base.driver, deploy } });
}

describe('direct deploy (agent-driven)', () => {
  let agent: FakeAgent;
  const deploy = new DirectDeploy();

  beforeAll(async () => {
    configureAgent({ apiUrl: 'http://192.0.2.1:6385', heartbeatInterval: 2, commandTimeoutMs: 5_000 });
    agent = await startFakeAgent();
  });
  afterAll(() => agent.close());
  beforeEach(() => {
    agent.received.length = 0;
    agent.results.clear();
    agent.busy = false;
  });

  const heartbeat = (task: Task) => deploy.heartbeat(task, { callbackUrl: agent.url, agentVersion: 'test' });
  const withAgent = (state: string, extra: Record<string, unknown> = {}) =>
    taskFor(deploy, {
      provisionState: state as never,
      instanceInfo: {
        image_source: IMAGE,
        image_os_hash_algo: 'sha256',
        image_os_hash_value: 'ab'.repeat(32),
      },
      driverInternalInfo: { [AgentInfoKey.token]: agent.token, ...extra } as never,
    });

  it("declares Ironic's deploy steps in order", async () => {
    const steps = await deploy.getDeploySteps(withAgent(ProvisionState.DEPLOYING));
    expect(steps.sort((a, b) => b.priority - a.priority).map((s) => [s.step, s.priority])).toEqual([
      ['deploy', 100],
      ['write_image', 80],
      ['prepare_instance_boot', 60],
      ['tear_down_agent', 40],
      ['boot_instance', 20],
    ]);
    const clean = await deploy.getCleanSteps(withAgent(ProvisionState.CLEANING));
    expect(clean.map((s) => [s.step, s.priority])).toEqual([['erase_devices_metadata', 99]]);
  });

  it('boots the agent with the API URL on the kernel line and waits for its call-back', async () => {
    const task = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: 'http://stale' });
    task.node.driverInfo.agent_callback_url = 'http://127.0.0.1:7777';
    expect(await deploy.deploy(task)).toBe(ProvisionState.DEPLOYWAIT);
    expect(task.node.powerState).toBe(PowerState.ON);
    expect(task.node.driverInternalInfo[AgentInfoKey.url]).toBeUndefined();
    expect(task.node.driverInternalInfo[AgentInfoKey.token]).toBeUndefined();
    expect(agentRamdiskParams(task)).toMatchObject({
      'ipa-api-url': 'http://192.0.2.1:6385',
      'ferric-heartbeat-interval': '2',
      'ferric-agent-advertise-url': 'http://127.0.0.1:7777',
    });
  });

  it('resumes on the first heartbeat after the agent booted', async () => {
    const task = withAgent(ProvisionState.DEPLOYWAIT);
    await heartbeat(task);
    expect(task.node.driverInternalInfo[AgentInfoKey.url]).toBe(agent.url);
    expect(task.resumeRequested).toBe(true);
  });

  it('starts write_image asynchronously, then resumes only once the agent reports success', async () => {
    const task = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
    expect(await deploy.write_image(task)).toBe(ProvisionState.DEPLOYWAIT);
    const sent = agent.received[0]!;
    expect(sent.name).toBe('deploy.execute_deploy_step');
    expect(sent.wait).toBe(false);
    expect(sent.params).toMatchObject({
      step: {
        step: 'write_image',
        args: { image_info: { urls: [IMAGE], disk_format: 'raw', os_hash_algo: 'sha256' } },
      },
    });
    const pending = pendingCommand(task)!;
    expect(pending.name).toBe('deploy.execute_deploy_step');

    const waiting = withAgent(ProvisionState.DEPLOYWAIT, {
      [AgentInfoKey.url]: agent.url,
      [AgentInfoKey.pending]: { ...pending },
    });
    await heartbeat(waiting);
    expect(waiting.resumeRequested).toBe(false);
    expect(waiting.node.driverInternalInfo[AgentInfoKey.progress]).toBeUndefined();
    // The agent reports how far the write got: the node shows it until the command ends.
    agent.results.get(pending.id)!.command_progress = { bytes_written: 1024, total_bytes: 4096 };
    await heartbeat(waiting);
    expect(waiting.node.driverInternalInfo[AgentInfoKey.progress]).toMatchObject({
      command: 'deploy.execute_deploy_step',
      bytes_written: 1024,
      total_bytes: 4096,
    });
    agent.results.get(pending.id)!.command_status = 'SUCCEEDED';
    delete agent.results.get(pending.id)!.command_progress;
    await heartbeat(waiting);
    expect(waiting.resumeRequested).toBe(true);
    expect(pendingCommand(waiting)).toBeNull();
    expect(waiting.node.driverInternalInfo[AgentInfoKey.progress]).toBeUndefined();
  });

  it('fails the deploy when the agent command failed', async () => {
    const task = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
    await deploy.write_image(task);
    const pending = pendingCommand(task)!;
    Object.assign(agent.results.get(pending.id)!, {
      command_status: 'FAILED',
      command_error: { message: 'Image checksum mismatch' },
    });
    const waiting = withAgent(ProvisionState.DEPLOYWAIT, {
      [AgentInfoKey.url]: agent.url,
      [AgentInfoKey.pending]: { ...pending },
    });
    await heartbeat(waiting);
    expect(waiting.events).toContain('fail');
    expect(waiting.node.provisionState).toBe(ProvisionState.DEPLOYFAIL);
    expect(waiting.node.lastError).toMatch(/checksum mismatch/);
  });

  it('adopts the command already running after a conductor restart (409)', async () => {
    const first = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
    await deploy.write_image(first);
    const running = pendingCommand(first)!;
    agent.busy = true;
    const again = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
    expect(await deploy.write_image(again)).toBe(ProvisionState.DEPLOYWAIT);
    expect(pendingCommand(again)).toEqual(running);
  });

  it('fails cleaning into maintenance when the agent lost the command', async () => {
    const task = withAgent(ProvisionState.CLEANWAIT, {
      [AgentInfoKey.url]: agent.url,
      [AgentInfoKey.pending]: { id: 'gone', name: 'clean.execute_clean_step' },
    });
    await heartbeat(task);
    expect(task.node.provisionState).toBe(ProvisionState.CLEANFAIL);
    expect(task.node.maintenance).toBe(true);
    expect(task.node.fault).toBe('clean failure');
  });

  it('syncs through the agent and powers off in tear_down_agent, then boots the instance', async () => {
    const task = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
    await deploy.tear_down_agent(task);
    expect(agent.received.map((r) => r.name)).toEqual(['standby.sync']);
    expect(task.node.powerState).toBe(PowerState.OFF);
    await deploy.boot_instance(task);
    expect(task.node.powerState).toBe(PowerState.ON);
    expect(task.node.driverInternalInfo[AgentInfoKey.token]).toBeUndefined();
  });

  it('requires an http(s) image_source', () => {
    const task = taskFor(deploy, {
      provisionState: ProvisionState.DEPLOYING,
      instanceInfo: { image_source: 'glance-id' },
    });
    expect(() => deploy.validate(task)).toThrow(/image_source/);
  });

  it.skipIf(missingPeers('xorriso'))(
    'builds a config drive from its JSON form and sends it with write_image',
    async () => {
      const task = withAgent(ProvisionState.DEPLOYING, { [AgentInfoKey.url]: agent.url });
      task.node.instanceInfo.configdrive = { meta_data: { hostname: 'e2e' }, user_data: '#!/bin/sh\n' };
      await deploy.write_image(task);
      const args = (agent.received[0]!.params.step as { args: { configdrive: string } }).args;
      const { gunzipSync } = await import('node:zlib');
      const iso = gunzipSync(Buffer.from(args.configdrive, 'base64'));
      expect(iso.subarray(32768 + 40, 32768 + 48).toString('latin1')).toBe('config-2');
    },
  );
});

describe('ramdisk deploy', () => {
  it('boots the instance ramdisk and finishes synchronously', async () => {
    const deploy = new RamdiskDeploy();
    const task = taskFor(deploy, { provisionState: ProvisionState.DEPLOYING });
    expect(await deploy.deploy(task)).toBeUndefined();
    expect(task.node.powerState).toBe(PowerState.ON);
  });
});

describe.each([
  ['direct', () => new DirectDeploy()],
  ['ramdisk', () => new RamdiskDeploy()],
])('%s deploy tear-down', (_name, make) => {
  it('powers the node off and removes the instance boot', async () => {
    const deploy = make();
    const task = taskFor(deploy, { provisionState: ProvisionState.DELETING, powerState: PowerState.ON });
    const cleanUpInstance = vi.spyOn(task.driver.boot, 'cleanUpInstance');
    await deploy.tearDown(task);
    expect(task.node.powerState).toBe(PowerState.OFF);
    expect(cleanUpInstance).toHaveBeenCalledWith(task);
  });
});
