import {
  InvalidState,
  PROVISION_MACHINE,
  ProvisionState as S,
  STABLE_STATES,
  StateMachine,
  VERBS,
} from '@ferric/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoFreeConductorWorker } from '../src/errors.js';
import type { EmbeddedConductor, NodeRecord } from '../src/index.js';
import { Cluster, settled } from './harness.js';

/*
 * Issue 18 items 1 and 2: a verb the state does not allow never runs (a retried deploy must not
 * re-image an active machine), and a request refused for want of a worker leaves the node exactly as
 * it was — reproduced with a pool of 5 and slow fake BMCs, so most of 20 parallel requests are refused.
 */

/**
 * Ironic's verbs allowed from each stable state (ironic/common/states.py, 21.x, plus `service` from
 * active as of 2023.2). `abort` and `unhold` are not state-machine verbs of stable states.
 */
const IRONIC_ALLOWED: Record<string, string[]> = {
  [S.ENROLL]: ['manage'],
  [S.MANAGEABLE]: ['provide', 'clean', 'inspect', 'adopt'],
  [S.AVAILABLE]: ['active', 'deploy', 'manage'],
  [S.ACTIVE]: ['rebuild', 'deleted', 'undeploy', 'rescue', 'service'],
  [S.ERROR]: ['rebuild', 'deleted', 'undeploy'],
  [S.RESCUE]: ['rescue', 'unrescue', 'deleted', 'undeploy'],
};

let cluster: Cluster;
beforeEach(() => {
  cluster = new Cluster();
});
afterEach(() => cluster.dispose());

async function fakeNode(c: EmbeddedConductor, name: string, latencyMs = 0): Promise<NodeRecord> {
  return c.rpc.createNode({
    node: {
      driver: 'fake-hardware',
      name,
      automatedClean: false,
      ...(latencyMs ? { driverInfo: { fake_latency_ms: latencyMs } } : {}),
    },
  });
}

/** What must not change when a request is refused. */
function snapshot(n: NodeRecord) {
  return {
    provisionState: n.provisionState,
    targetProvisionState: n.targetProvisionState,
    reservation: n.reservation,
    lastError: n.lastError,
    provisionUpdatedAt: n.provisionUpdatedAt?.getTime() ?? null,
  };
}

describe('verbs by provision state', () => {
  it("allows from each stable state exactly Ironic's verbs", () => {
    const verbs = Object.keys(VERBS).filter((v) => v !== 'abort' && v !== 'unhold');
    for (const state of STABLE_STATES) {
      const fsm = new StateMachine(PROVISION_MACHINE, state);
      const allowed = verbs.filter((v) => fsm.canProcess(VERBS[v]!)).sort();
      expect({ state, allowed }).toEqual({ state, allowed: [...(IRONIC_ALLOWED[state] ?? [])].sort() });
    }
  });

  it('refuses deploy and active on an active node with a 400, running nothing; rebuild is accepted', async () => {
    const c = await cluster.start(cluster.add('c1'));
    await fakeNode(c, 'n1');
    for (const verb of ['manage', 'provide', 'deploy'] as const) {
      await c.rpc.doProvisioningAction({ node: 'n1', verb });
      await settled(c, 'n1', verb === 'manage' ? S.MANAGEABLE : verb === 'provide' ? S.AVAILABLE : S.ACTIVE);
    }
    const before = await c.inventory.getNode('n1');
    for (const verb of ['deploy', 'active'] as const) {
      const err = await c.rpc.doProvisioningAction({ node: 'n1', verb }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidState);
      expect((err as InvalidState).httpStatus).toBe(400);
      expect((err as Error).message).toContain(`"${verb}" can not be performed`);
    }
    expect(snapshot(await c.inventory.getNode('n1'))).toEqual(snapshot(before));
    await c.rpc.doProvisioningAction({ node: 'n1', verb: 'rebuild' });
    await settled(c, 'n1', S.ACTIVE);
    expect((await c.inventory.getNode('n1')).provisionUpdatedAt!.getTime()).toBeGreaterThan(
      before.provisionUpdatedAt!.getTime(),
    );
  });

  it('refuses a verb the state does not allow before checking for a free worker', async () => {
    const c = await cluster.start(
      cluster.add('c1', { workersPoolSize: 3, reservedWorkersPoolPercentage: 0 }),
    );
    const busy = await Promise.all([0, 1, 2, 3].map((i) => fakeNode(c, `busy-${i}`, 60_000)));
    const results = await Promise.allSettled(
      busy.map((n) => c.rpc.doProvisioningAction({ node: n.uuid, verb: 'manage' })),
    );
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
    await fakeNode(c, 'idle');
    const err = await c.rpc.doProvisioningAction({ node: 'idle', verb: 'deploy' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidState);
  });
});

describe('a request refused for want of a worker leaves the node as it was', () => {
  async function race(
    verb: 'manage' | 'deploy',
    prepare: (c: EmbeddedConductor, name: string) => Promise<void>,
  ) {
    const c = await cluster.start(cluster.add('c1', { workersPoolSize: 5 }));
    const names = Array.from({ length: 20 }, (_, i) => `${verb}-${i}`);
    for (const name of names) await prepare(c, name);
    const before = new Map<string, ReturnType<typeof snapshot>>();
    for (const name of names) before.set(name, snapshot(await c.inventory.getNode(name)));
    const results = await Promise.allSettled(names.map((node) => c.rpc.doProvisioningAction({ node, verb })));
    const accepted = names.filter((_, i) => results[i]!.status === 'fulfilled');
    const refused = names.filter((_, i) => results[i]!.status === 'rejected');
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(NoFreeConductorWorker);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThanOrEqual(5);
    expect(refused.length).toBe(20 - accepted.length);
    for (const name of refused) {
      expect({ name, ...snapshot(await c.inventory.getNode(name)) }).toEqual({ name, ...before.get(name) });
    }
    // The refused request can be retried: the pool is still busy, so the answer is again a 503, not
    // "Can not transition from verifying/deploying".
    const retry = await c.rpc.doProvisioningAction({ node: refused[0]!, verb }).catch((e: unknown) => e);
    expect(retry).toBeInstanceOf(NoFreeConductorWorker);
  }

  it('manage: 20 parallel requests on a pool of 5 with slow BMCs', async () => {
    await race('manage', async (c, name) => {
      await fakeNode(c, name, 60_000);
    });
  });

  it('deploy: 20 parallel requests on a pool of 5 with slow BMCs', async () => {
    await race('deploy', async (c, name) => {
      await fakeNode(c, name);
      await c.rpc.doProvisioningAction({ node: name, verb: 'manage' });
      await settled(c, name, S.MANAGEABLE);
      await c.rpc.doProvisioningAction({ node: name, verb: 'provide' });
      await settled(c, name, S.AVAILABLE);
      await c.rpc.updateNode({ node: name, patch: { driverInfo: { fake_latency_ms: 60_000 } } });
    });
  });
});
