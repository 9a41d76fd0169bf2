import { InvalidState, ProvisionState as S } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAN_FAILURE_FAULT, ConcurrentActionLimit } from '../src/index.js';
import { agentBus } from './fixtures/agent-driver.js';
import { activeAgentNode, availableAgentNode, Cluster, heartbeat, settled } from './harness.js';
import { waitFor } from './helpers.js';

let cluster: Cluster;
afterEach(async () => {
  await cluster.dispose();
  expect(agentBus.errors.splice(0)).toEqual([]);
});

describe('agent-driven deploy (steps returning wait call-back)', () => {
  it('waits in wait call-back, survives busy heartbeats, continues on callback to active', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await availableAgentNode(c, 'n1');
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'deploy' });
    const waiting = await settled(c, 'n1', S.DEPLOYWAIT);
    expect(waiting.targetProvisionState).toBe(S.ACTIVE);
    expect(waiting.deployStep).toMatchObject({ interface: 'deploy', step: 'deploy' });
    expect(waiting.driverInternalInfo.deploy_step_index).toBe(1);

    // A busy agent only proves it is alive: provision_updated_at moves, the state does not.
    const progress: { node: string; command: string; bytesWritten: number; totalBytes: number }[] = [];
    c.events.on('node.progress', (e) => progress.push(e));
    await heartbeat(c, 'n1', true);
    await waitFor(async () => progress.length > 0 || undefined, 'progress event');
    expect(progress).toEqual([
      expect.objectContaining({
        node: waiting.uuid,
        command: 'write_image',
        bytesWritten: 1024,
        totalBytes: 4096,
      }),
    ]);
    const touched = await c.inventory.getNode('n1');
    expect(touched.provisionState).toBe(S.DEPLOYWAIT);
    expect(touched.provisionUpdatedAt!.getTime()).toBeGreaterThanOrEqual(
      waiting.provisionUpdatedAt!.getTime(),
    );
    expect(touched.driverInternalInfo.agent_heartbeats).toBe(1);

    await heartbeat(c, 'n1');
    const active = await settled(c, 'n1', S.ACTIVE);
    expect(active.powerState).toBe('power on');
    expect(active.driverInternalInfo.agent_instance_booted).toBe(true);
    expect(active.driverInternalInfo.deploy_steps).toBeUndefined();
    expect(active.deployStep).toBeNull();
    expect(active.lastError).toBeNull();
  });

  it('continueNodeDeploy outside wait call-back is refused with InvalidState', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await availableAgentNode(c, 'n1');
    await expect(c.rpc.continueNodeDeploy({ node: 'n1' })).rejects.toBeInstanceOf(InvalidState);
  });
});

describe('agent-driven cleaning (steps returning clean wait)', () => {
  it('automated: prepare boots the agent, each heartbeat continues, ends available', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'n1' } });
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'manage' });
    await settled(c, 'n1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'provide' });
    const booting = await settled(c, 'n1', S.CLEANWAIT);
    expect(booting.targetProvisionState).toBe(S.AVAILABLE);
    expect(booting.cleanStep).toBeNull();
    expect(booting.driverInternalInfo.agent_command).toBe('boot_ramdisk');

    await heartbeat(c, 'n1');
    const erasing = await waitFor(async () => {
      const n = await c.inventory.getNode('n1');
      return n.provisionState === S.CLEANWAIT && n.cleanStep?.step === 'eraseDevices' && !n.reservation
        ? n
        : undefined;
    }, 'erase step to wait');
    expect(erasing.driverInternalInfo.agent_command).toBe('erase_devices');

    await heartbeat(c, 'n1');
    const done = await settled(c, 'n1', S.AVAILABLE);
    expect(done.driverInternalInfo.agent_cleaning_torn_down).toBe(true);
    expect(done.driverInternalInfo.clean_steps).toBeUndefined();
    expect(done.cleanStep).toBeNull();
  });

  it('manual with clean_steps: keeps aiming at manageable through clean wait and ends manageable', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'n1' } });
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'manage' });
    await settled(c, 'n1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({
      node: 'n1',
      verb: 'clean',
      cleanSteps: [
        { interface: 'deploy', step: 'burnIn' },
        { interface: 'deploy', step: 'resetBmcClock' },
      ],
    });
    const booting = await settled(c, 'n1', S.CLEANWAIT);
    expect(booting.targetProvisionState).toBe(S.MANAGEABLE);
    await heartbeat(c, 'n1');
    const burning = await waitFor(async () => {
      const n = await c.inventory.getNode('n1');
      return n.cleanStep?.step === 'burnIn' && n.provisionState === S.CLEANWAIT && !n.reservation
        ? n
        : undefined;
    }, 'burn-in to wait');
    expect(burning.targetProvisionState).toBe(S.MANAGEABLE);
    await heartbeat(c, 'n1');
    const done = await settled(c, 'n1', S.MANAGEABLE);
    expect(done.driverInternalInfo.agent_clock_reset).toBe(true);
    expect(done.driverInternalInfo.cleaning_manual).toBeUndefined();
  });
});

describe('abort from a wait state', () => {
  it('clean wait: abortable step → clean failed; non-abortable step → refused', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    for (const name of ['erase', 'burn']) {
      await c.rpc.createNode({ node: { driver: 'agent-hardware', name } });
      await c.rpc.doProvisioningAction({ node: name, verb: 'manage' });
      await settled(c, name, S.MANAGEABLE);
      const step = name === 'erase' ? 'eraseDevices' : 'burnIn';
      await c.rpc.doProvisioningAction({
        node: name,
        verb: 'clean',
        cleanSteps: [{ interface: 'deploy', step }],
      });
      await settled(c, name, S.CLEANWAIT);
      await heartbeat(c, name);
      await waitFor(
        async () => (await c.inventory.getNode(name)).cleanStep?.step === step,
        `${step} running`,
      );
      await settled(c, name, S.CLEANWAIT);
    }
    await c.rpc.doProvisioningAction({ node: 'erase', verb: 'abort' });
    const aborted = await settled(c, 'erase', S.CLEANFAIL);
    expect(aborted.lastError).toMatch(/aborted/);
    expect(aborted.cleanStep).toBeNull();
    expect(aborted.driverInternalInfo.agent_cleaning_torn_down).toBe(true);
    await c.rpc.doProvisioningAction({ node: 'erase', verb: 'manage' });
    await settled(c, 'erase', S.MANAGEABLE);

    await expect(c.rpc.doProvisioningAction({ node: 'burn', verb: 'abort' })).rejects.toThrow(
      /not abortable/,
    );
    expect((await c.inventory.getNode('burn')).provisionState).toBe(S.CLEANWAIT);
  });

  it('wait call-back: abortable deploy step → deploy failed; non-abortable step → refused', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await availableAgentNode(c, 'plain');
    await availableAgentNode(c, 'flash');
    await c.rpc.doProvisioningAction({ node: 'plain', verb: 'deploy' });
    await c.rpc.doProvisioningAction({
      node: 'flash',
      verb: 'deploy',
      deploySteps: [{ interface: 'deploy', step: 'flashFirmware', priority: 150 }],
    });
    await settled(c, 'plain', S.DEPLOYWAIT);
    const flashing = await settled(c, 'flash', S.DEPLOYWAIT);
    expect(flashing.deployStep?.step).toBe('flashFirmware');

    await c.rpc.doProvisioningAction({ node: 'plain', verb: 'abort' });
    const aborted = await settled(c, 'plain', S.DEPLOYFAIL);
    expect(aborted.lastError).toMatch(/aborted/);
    expect(aborted.driverInternalInfo.deploy_steps).toBeUndefined();
    await expect(c.rpc.doProvisioningAction({ node: 'flash', verb: 'abort' })).rejects.toThrow(
      /not abortable/,
    );
    // The refused abort left the deploy intact: the agent's callback still finishes it.
    await heartbeat(c, 'flash');
    await waitFor(
      async () => (await c.inventory.getNode('flash')).deployStep?.step === 'deploy',
      'next step',
    );
    await settled(c, 'flash', S.DEPLOYWAIT);
    await heartbeat(c, 'flash');
    await settled(c, 'flash', S.ACTIVE);
  });

  it('inspect wait and rescue wait abort to their failed states', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'insp' } });
    await c.rpc.doProvisioningAction({ node: 'insp', verb: 'manage' });
    await settled(c, 'insp', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'insp', verb: 'inspect' });
    await settled(c, 'insp', S.INSPECTWAIT);
    await c.rpc.doProvisioningAction({ node: 'insp', verb: 'abort' });
    const insp = await settled(c, 'insp', S.INSPECTFAIL);
    expect(insp.driverInternalInfo.agent_inspection_aborted).toBe(true);
    expect(insp.lastError).toMatch(/aborted/);

    await activeAgentNode(c, 'resc');
    await c.rpc.doProvisioningAction({ node: 'resc', verb: 'rescue', rescuePassword: 'pw' });
    await settled(c, 'resc', S.RESCUEWAIT);
    await c.rpc.doProvisioningAction({ node: 'resc', verb: 'abort' });
    const resc = await settled(c, 'resc', S.RESCUEFAIL);
    expect(resc.driverInternalInfo.agent_rescue_cleaned_up).toBe(true);
    // From rescue failed, unrescue returns the instance.
    await c.rpc.doProvisioningAction({ node: 'resc', verb: 'unrescue' });
    await settled(c, 'resc', S.ACTIVE);
  });
});

describe('callback timeouts (keyed off provision_updated_at)', () => {
  it('deploy, clean, inspect and rescue waits fail with last_error when nobody calls back', async () => {
    cluster = new Cluster();
    const c = await cluster.start(
      cluster.add('c1', {
        deployCallbackTimeout: 0.3,
        cleanCallbackTimeout: 0.3,
        inspectWaitTimeout: 0.3,
        rescueCallbackTimeout: 0.3,
      }),
    );
    await availableAgentNode(c, 'dep');
    await activeAgentNode(c, 'resc');
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'cln' } });
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'insp' } });
    for (const n of ['cln', 'insp']) await c.rpc.doProvisioningAction({ node: n, verb: 'manage' });
    for (const n of ['cln', 'insp']) await settled(c, n, S.MANAGEABLE);

    // The timeout periodic is not running yet: every node reaches its wait state first.
    await c.rpc.doProvisioningAction({ node: 'dep', verb: 'deploy' });
    await c.rpc.doProvisioningAction({ node: 'cln', verb: 'provide' });
    await c.rpc.doProvisioningAction({ node: 'insp', verb: 'inspect' });
    await c.rpc.doProvisioningAction({ node: 'resc', verb: 'rescue', rescuePassword: 'pw' });
    await settled(c, 'dep', S.DEPLOYWAIT);
    await settled(c, 'cln', S.CLEANWAIT);
    await settled(c, 'insp', S.INSPECTWAIT);
    await settled(c, 'resc', S.RESCUEWAIT);
    await c.stop();

    const checker = await cluster.start(
      cluster.add('c1', {
        deployCallbackTimeout: 0.3,
        cleanCallbackTimeout: 0.3,
        inspectWaitTimeout: 0.3,
        rescueCallbackTimeout: 0.3,
        checkProvisionStateInterval: 0.05,
      }),
    );
    const dep = await settled(checker, 'dep', S.DEPLOYFAIL);
    expect(dep.lastError).toMatch(/Timeout reached while waiting for callback.*deploy/);
    expect(dep.driverInternalInfo.deploy_steps).toBeUndefined();
    const cln = await settled(checker, 'cln', S.CLEANFAIL);
    expect(cln.lastError).toMatch(/Timeout.*cleaning/);
    expect(cln).toMatchObject({ maintenance: true, fault: CLEAN_FAILURE_FAULT });
    const insp = await settled(checker, 'insp', S.INSPECTFAIL);
    expect(insp.lastError).toMatch(/Timeout.*inspection/);
    const resc = await settled(checker, 'resc', S.RESCUEFAIL);
    expect(resc.lastError).toMatch(/Timeout.*rescue/);
  });
});

describe('resume, do not fail: agent-driven work outlives its conductor', () => {
  it('a node in wait call-back when its conductor stops is continued by the other conductor', async () => {
    cluster = new Cluster();
    const a = await cluster.start(cluster.add('cond-a'));
    const b = await cluster.start(cluster.add('cond-b'));
    // Nodes until one is owned by cond-a.
    let name = '';
    for (let i = 0; i < 20 && !name; i++) {
      const n = await availableAgentNode(a, `n${i}`);
      if ((await a.ring.mapNode(n)) === 'cond-a') name = `n${i}`;
    }
    expect(name).not.toBe('');
    await a.rpc.doProvisioningAction({ node: name, verb: 'deploy' });
    await settled(a, name, S.DEPLOYWAIT);
    await a.stop();

    // The agent's next heartbeat lands on cond-b (the ring moved), and so does the continue.
    agentBus.rpc = b.rpc;
    await waitFor(async () => (await b.inventory.conductorFor(await b.inventory.getNode(name))) === 'cond-b');
    await heartbeat(b, name);
    const done = await settled(b, name, S.ACTIVE);
    expect(done.conductorAffinity).toBe('cond-b');
    expect(done.lastError).toBeNull();
  });

  it('a node in wait call-back whose conductor is killed is continued once the ring drops it', async () => {
    cluster = new Cluster();
    const a = await cluster.start(cluster.add('cond-a'));
    const b = await cluster.start(cluster.add('cond-b'));
    let name = '';
    for (let i = 0; i < 20 && !name; i++) {
      const n = await availableAgentNode(a, `n${i}`);
      if ((await a.ring.mapNode(n)) === 'cond-a') name = `n${i}`;
    }
    await a.rpc.doProvisioningAction({ node: name, verb: 'deploy' });
    await settled(a, name, S.DEPLOYWAIT);
    await a.stop({ graceful: false });
    agentBus.rpc = b.rpc;
    // cond-a's row is still online; only the heartbeat timeout takes it out of the ring.
    await waitFor(async () => (await b.inventory.conductorFor(await b.inventory.getNode(name))) === 'cond-b');
    await heartbeat(b, name);
    await settled(b, name, S.ACTIVE);
  });

  it('a node in clean wait when its conductor stops continues after the restart', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('solo'));
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'n1' } });
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'manage' });
    await settled(c, 'n1', S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'provide' });
    await settled(c, 'n1', S.CLEANWAIT);
    await heartbeat(c, 'n1');
    await waitFor(async () => (await c.inventory.getNode('n1')).cleanStep?.step === 'eraseDevices');
    await settled(c, 'n1', S.CLEANWAIT);
    await c.stop();
    await cluster.start(c);
    // Still waiting (nothing to resume on the conductor), then the agent calls back.
    expect((await c.inventory.getNode('n1')).provisionState).toBe(S.CLEANWAIT);
    await heartbeat(c, 'n1');
    const done = await settled(c, 'n1', S.AVAILABLE);
    expect(done.lastError).toBeNull();
  });
});

describe('hold / unhold (reserved hold step)', () => {
  it('a deploy hold step parks the node; unhold continues the remaining steps to active', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await availableAgentNode(c, 'n1');
    await c.rpc.doProvisioningAction({
      node: 'n1',
      verb: 'deploy',
      deploySteps: [{ interface: 'deploy', step: 'hold', priority: 50 }],
    });
    await settled(c, 'n1', S.DEPLOYWAIT);
    await heartbeat(c, 'n1');
    const held = await settled(c, 'n1', S.DEPLOYHOLD);
    expect(held.deployStep?.step).toBe('hold');
    // Heartbeats while held do nothing.
    await heartbeat(c, 'n1');
    expect((await c.inventory.getNode('n1')).provisionState).toBe(S.DEPLOYHOLD);
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'unhold' });
    const active = await settled(c, 'n1', S.ACTIVE);
    expect(active.driverInternalInfo.agent_instance_booted).toBe(true);
  });

  it('manual cleaning with a hold step on fake hardware ends manageable after unhold; abort works in clean hold', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    for (const name of ['a', 'b']) {
      await c.rpc.createNode({ node: { driver: 'fake-hardware', name } });
      await c.rpc.doProvisioningAction({ node: name, verb: 'manage' });
      await settled(c, name, S.MANAGEABLE);
      await c.rpc.doProvisioningAction({
        node: name,
        verb: 'clean',
        cleanSteps: [
          { interface: 'deploy', step: 'hold' },
          { interface: 'deploy', step: 'eraseDevicesMetadata' },
        ],
      });
      const held = await settled(c, name, S.CLEANHOLD);
      expect(held.targetProvisionState).toBe(S.MANAGEABLE);
    }
    await expect(c.rpc.doProvisioningAction({ node: 'a', verb: 'unhold' })).resolves.toBeUndefined();
    const cleaned = await settled(c, 'a', S.MANAGEABLE);
    expect(cleaned.driverInternalInfo.fake_erased_at).toBeTypeOf('string');
    await c.rpc.doProvisioningAction({ node: 'b', verb: 'abort' });
    await settled(c, 'b', S.CLEANFAIL);
    await expect(c.rpc.doProvisioningAction({ node: 'b', verb: 'unhold' })).rejects.toThrow(/Can not unhold/);
  });
});

describe('servicing (service verb, service steps)', () => {
  it('runs the requested service steps on an active node, through service wait, back to active', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await activeAgentNode(c, 'n1');
    await expect(c.rpc.doProvisioningAction({ node: 'n1', verb: 'service' })).rejects.toThrow(/serviceSteps/);
    await c.rpc.doProvisioningAction({
      node: 'n1',
      verb: 'service',
      serviceSteps: [
        { interface: 'deploy', step: 'updateFirmware' },
        { interface: 'deploy', step: 'rotateCredentials' },
      ],
    });
    const waiting = await settled(c, 'n1', S.SERVICEWAIT);
    expect(waiting.targetProvisionState).toBe(S.ACTIVE);
    await heartbeat(c, 'n1');
    const done = await settled(c, 'n1', S.ACTIVE);
    expect(done.driverInternalInfo).toMatchObject({
      agent_credentials_rotated: true,
      agent_service_torn_down: true,
    });
    expect(done.driverInternalInfo.service_steps).toBeUndefined();
  });

  it('a failing service step fails servicing (service failed), abort returns the node to active', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1'));
    await activeAgentNode(c, 'n1');
    await c.rpc.doProvisioningAction({
      node: 'n1',
      verb: 'service',
      serviceSteps: [{ interface: 'deploy', step: 'noSuchStep' }],
    });
    const failed = await settled(c, 'n1', S.SERVICEFAIL);
    expect(failed.lastError).toMatch(/Servicing failed: .*noSuchStep/);
    // Ironic: abort from service failed returns the still-deployed node to active.
    await c.rpc.setMaintenance({ node: 'n1', maintenance: false });
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'abort' });
    await settled(c, 'n1', S.ACTIVE);
  });
});

describe('concurrency limits (max_concurrent_deploy / max_concurrent_clean)', () => {
  it('refuses a deploy or cleaning beyond the limit with ConcurrentActionLimit (503)', async () => {
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1', { maxConcurrentDeploy: 1, maxConcurrentClean: 1 }));
    await availableAgentNode(c, 'd1');
    await availableAgentNode(c, 'd2');
    await c.rpc.doProvisioningAction({ node: 'd1', verb: 'deploy' });
    await settled(c, 'd1', S.DEPLOYWAIT);
    const err = await c.rpc.doProvisioningAction({ node: 'd2', verb: 'deploy' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentActionLimit);
    expect((err as ConcurrentActionLimit).httpStatus).toBe(503);
    expect((await c.inventory.getNode('d2')).provisionState).toBe(S.AVAILABLE);

    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'c1n' } });
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'c2n' } });
    for (const n of ['c1n', 'c2n']) await c.rpc.doProvisioningAction({ node: n, verb: 'manage' });
    for (const n of ['c1n', 'c2n']) await settled(c, n, S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'c1n', verb: 'provide' });
    await settled(c, 'c1n', S.CLEANWAIT);
    await expect(c.rpc.doProvisioningAction({ node: 'c2n', verb: 'provide' })).rejects.toBeInstanceOf(
      ConcurrentActionLimit,
    );
    // Once the first deploy is done, the next one is accepted.
    await heartbeat(c, 'd1');
    await settled(c, 'd1', S.ACTIVE);
    await c.rpc.doProvisioningAction({ node: 'd2', verb: 'deploy' });
    await settled(c, 'd2', S.DEPLOYWAIT);
  });
});
