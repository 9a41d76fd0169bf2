import { Writable } from 'node:stream';
import { ProvisionState as S } from '@ferric/core';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { agentBus } from './fixtures/agent-driver.js';
import { Cluster, heartbeat, settled } from './harness.js';
import { waitFor } from './helpers.js';

/** A pino logger at `trace` with NO redaction, writing into memory: what an integrator might pass. */
function capture(): { logger: pino.Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => chunks.join('') };
}

let cluster: Cluster;
afterEach(async () => {
  await cluster.dispose();
  agentBus.errors.splice(0);
});

describe('structured logs', () => {
  it('never contain BMC secrets from driver_info, even with an integrator logger without redaction', async () => {
    const SECRET = 'S3cr3t-BMC-pa55word';
    const AGENT_SECRET = 'agent-pa55-xyz';
    const log = capture();
    cluster = new Cluster();
    const c = await cluster.start(cluster.add('c1', {}, log.logger));
    const driverInfo = { ipmi_password: SECRET, agent_password: AGENT_SECRET, ipmi_address: '192.0.2.1' };
    await c.rpc.createNode({ node: { driver: 'fake-hardware', name: 'f1', driverInfo } });
    await c.rpc.createNode({ node: { driver: 'agent-hardware', name: 'a1', driverInfo } });
    for (const n of ['f1', 'a1'])
      await c.rpc.doProvisioningAction({ node: n, verb: 'manage', requestId: 'req-1' });
    for (const n of ['f1', 'a1']) await settled(c, n, S.MANAGEABLE);
    await c.rpc.doProvisioningAction({ node: 'f1', verb: 'provide' });
    await c.rpc.doProvisioningAction({ node: 'a1', verb: 'provide' });
    await settled(c, 'f1', S.AVAILABLE);
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    await waitFor(async () => (await c.inventory.getNode('a1')).cleanStep?.step === 'eraseDevices');
    await settled(c, 'a1', S.CLEANWAIT);
    await heartbeat(c, 'a1');
    await settled(c, 'a1', S.AVAILABLE);
    await c.rpc.doProvisioningAction({ node: 'f1', verb: 'deploy' });
    await settled(c, 'f1', S.ACTIVE);
    // Failures are logged too: an unknown step fails servicing with an error log.
    await c.rpc.doProvisioningAction({
      node: 'f1',
      verb: 'service',
      serviceSteps: [{ interface: 'deploy', step: 'nope' }],
    });
    await settled(c, 'f1', S.SERVICEFAIL);
    await c.rpc.updateNode({ node: 'f1', patch: { driverInfo: { ...driverInfo, ipmi_port: 623 } } });
    await c.rpc.changeNodePowerState({ node: 'a1', target: 'power on' });
    await waitFor(async () => (await c.inventory.getNode('a1')).powerState === 'power on');
    await c.stop();

    const text = log.text();
    expect(text).toContain('provision state changed');
    expect(text).toContain('req-1');
    expect(text).toContain('Servicing failed');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(AGENT_SECRET);
  });

  it('warns when the periodics alone can fill the non-reserved share of the worker pool', async () => {
    const log = capture();
    cluster = new Cluster();
    await cluster.start(
      cluster.add('c1', { workersPoolSize: 3, reservedWorkersPoolPercentage: 5 }, log.logger),
    );
    expect(log.text()).toMatch(/more periodic tasks than non-reserved pool workers/);

    const quiet = capture();
    await cluster.start(cluster.add('c2', { workersPoolSize: 50 }, quiet.logger));
    expect(quiet.text()).not.toMatch(/more periodic tasks/);
  });
});
