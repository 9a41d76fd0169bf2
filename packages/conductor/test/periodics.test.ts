import {
  AbstractHardwareType,
  definePlugin,
  FakeBoot,
  FakeDeploy,
  FakeManagement,
  FakePower,
  nodePeriodic,
  type PeriodicContext,
  periodic,
  type Task,
} from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
  type PeriodicEvent,
  type PeriodicRunEndedEvent,
} from '../src/index.js';
import { deferred, silentLogger, tempDir, waitFor } from './helpers.js';

// A test driver whose periodics record what they did, per conductor host.
const probe = {
  /** host → node uuids visited by the node periodic. */
  visits: new Map<string, Set<string>>(),
  /** Conductors whose `left`/`right` periodics have arrived at the barrier. */
  arrived: new Map<string, Set<string>>(),
  together: new Map<string, ReturnType<typeof deferred<void>>>(),
  hourlyRuns: 0,
  reset() {
    this.visits.clear();
    this.arrived.clear();
    this.together.clear();
    this.hourlyRuns = 0;
  },
};

/** Both `left` and `right` must be running at once for either to return: serial execution never ends. */
async function barrier(host: string, who: string): Promise<void> {
  const arrived = probe.arrived.get(host) ?? new Set<string>();
  probe.arrived.set(host, arrived);
  const together = probe.together.get(host) ?? deferred();
  probe.together.set(host, together);
  arrived.add(who);
  if (arrived.size === 2) together.resolve();
  await together.promise;
}

class ProbePower extends FakePower {
  @nodePeriodic({ purpose: 'probe nodes', spacing: 0.05 })
  async visit(task: Task, ctx: PeriodicContext) {
    const seen = probe.visits.get(ctx.host) ?? new Set<string>();
    probe.visits.set(ctx.host, seen);
    seen.add(task.node.uuid);
  }
}

class ProbeHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [ProbePower];

  @periodic({ spacing: 0.05, runImmediately: true })
  async left(ctx: PeriodicContext) {
    await barrier(ctx.host, 'left');
  }

  @periodic({ spacing: 0.05, runImmediately: true })
  async right(ctx: PeriodicContext) {
    await barrier(ctx.host, 'right');
  }

  @periodic({ spacing: 3600 })
  async hourly() {
    probe.hourlyRuns++;
  }
}

const probePlugin = definePlugin({
  name: '@probe/ferric-driver',
  hardwareTypes: { 'probe-hardware': ProbeHardware },
  interfaces: { power: { probe: ProbePower } },
});

/** A vendor package with a class named `Power` and a periodic `poll`, like every other vendor's. */
function vendor(pkg: string, slug: string, polls: string[]) {
  class Power extends FakePower {
    @periodic({ spacing: 0.05, runImmediately: true })
    async poll() {
      polls.push(pkg);
    }
  }
  return definePlugin({ name: pkg, interfaces: { power: { [`${slug}-power`]: Power } } });
}

const FAST = {
  enabledHardwareTypes: ['fake-hardware', 'probe-hardware'],
  heartbeatInterval: 0.05,
  heartbeatTimeout: 2,
  hashRingResetInterval: 0.05,
  workersPoolSize: 10,
  syncPowerStateInterval: 3600,
  powerFailureRecoveryInterval: 3600,
  checkProvisionStateInterval: 3600,
  syncLocalStateInterval: 3600,
  gracefulShutdownTimeout: 2,
};

const running: EmbeddedConductor[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const f of cleanups.splice(0)) f();
  probe.reset();
});

function make(file: string, host: string, transport: InProcessTransport, plugins = [probePlugin]) {
  const c = createConductor({
    database: { sqlite: file },
    logger: silentLogger,
    transport,
    plugins,
    config: { host, ...FAST },
  });
  running.push(c);
  return c;
}

describe('periodic tasks in a running conductor', () => {
  it("runs a driver's @periodic tasks in parallel and at their spacing, with an event per run", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = make(t.file('db.sqlite'), 'cond-p', new InProcessTransport());
    const events: string[] = [];
    const ended: PeriodicRunEndedEvent[] = [];
    const record = (kind: string) => (e: PeriodicEvent) => {
      if (e.id.startsWith('@probe/')) events.push(`${kind} ${e.name}`);
    };
    c.events.on('periodic.started', record('started'));
    c.events.on('periodic.finished', (e) => {
      record('finished')(e);
      if (e.id.startsWith('@probe/')) ended.push(e);
    });
    c.events.on('periodic.failed', record('failed'));
    await c.start();

    // `left` and `right` wait for each other: both finish only because they ran at the same time.
    await waitFor(
      () => ['left', 'right'].every((m) => (c.periodics.get(`ProbeHardware.${m}`).runs ?? 0) >= 3),
      'left and right ran three times each',
    );
    const left = c.periodics.get('@probe/ferric-driver:ProbeHardware.left');
    expect(left).toMatchObject({ name: 'ProbeHardware.left', source: '@probe/ferric-driver', failures: 0 });
    // Each run: started, then finished, never two starts of one task in a row (no overlap).
    for (const name of ['ProbeHardware.left', 'ProbeHardware.right']) {
      const own = events.filter((e) => e.endsWith(` ${name}`));
      for (let i = 0; i + 1 < own.length; i += 2) {
        expect(own[i]).toBe(`started ${name}`);
        expect(own[i + 1]).toBe(`finished ${name}`);
      }
    }
    expect(events).not.toContain('failed ProbeHardware.left');
    expect(ended.every((e) => e.host === 'cond-p' && e.durationMs >= 0 && e.at instanceof Date)).toBe(true);

    // The hourly task waits for its spacing; a trigger runs it now, once.
    const hourly = c.periodics.get('ProbeHardware.hourly');
    expect(hourly).toMatchObject({ runs: 0, enabled: true, spacing: 3600 });
    expect(probe.hourlyRuns).toBe(0);
    expect(await c.periodics.trigger('@probe/ferric-driver:ProbeHardware.hourly')).toMatchObject({ runs: 1 });
    expect(probe.hourlyRuns).toBe(1);
    expect(events.filter((e) => e.endsWith('ProbeHardware.hourly'))).toEqual([
      'started ProbeHardware.hourly',
      'finished ProbeHardware.hourly',
    ]);

    // The conductor's own periodics are declared with @periodic and listed the same way.
    expect(c.periodics.list().map((p) => p.id)).toEqual(
      expect.arrayContaining([
        '@ferric/conductor:ConductorManager.syncPowerStates',
        '@ferric/conductor:ConductorManager.powerFailureRecovery',
        '@ferric/conductor:ConductorManager.checkWaitTimeouts',
        '@ferric/conductor:ConductorManager.checkOrphanNodes',
        '@ferric/conductor:ConductorManager.syncLocalState',
        '@probe/ferric-driver:ProbePower.visit',
      ]),
    );
  });

  it('a @nodePeriodic visits only the nodes the ring maps to its conductor, and only its driver’s', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const transport = new InProcessTransport();
    const a = make(t.file('db.sqlite'), 'cond-a', transport);
    const b = make(t.file('db.sqlite'), 'cond-b', transport);
    await a.start();
    await b.start();
    // Nodes are created once both rings know both conductors, so no visit uses a one-member ring.
    for (const c of [a, b]) {
      await waitFor(
        async () => new Set([...(await c.ring.membership()).values()].flat()).size === 2,
        'both conductors in the ring',
      );
    }
    const probes: string[] = [];
    for (let i = 0; i < 12; i++)
      probes.push((await a.rpc.createNode({ node: { driver: 'probe-hardware', name: `p${i}` } })).uuid);
    const other = (await a.rpc.createNode({ node: { driver: 'fake-hardware', name: 'other' } })).uuid;
    const owned = new Map<string, Set<string>>([
      ['cond-a', new Set()],
      ['cond-b', new Set()],
    ]);
    for (const uuid of probes) owned.get(await a.ring.mapNode(await a.inventory.getNode(uuid)))!.add(uuid);
    expect(owned.get('cond-a')!.size).toBeGreaterThan(0);
    expect(owned.get('cond-b')!.size).toBeGreaterThan(0);

    await waitFor(
      () => [...owned].every(([host, mine]) => [...mine].every((u) => probe.visits.get(host)?.has(u))),
      'every node visited by its owner',
    );
    for (const [host, mine] of owned) expect(probe.visits.get(host)).toEqual(mine);
    for (const seen of probe.visits.values()) expect(seen.has(other)).toBe(false);
  });

  it("two vendors' Power.poll no longer stop the conductor from starting: ids are package-qualified", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const polls: string[] = [];
    const c = make(t.file('db.sqlite'), 'cond-v', new InProcessTransport(), [
      probePlugin,
      vendor('@vendor-a/ferric-driver', 'vendor-a', polls),
      vendor('@vendor-b/ferric-driver', 'vendor-b', polls),
    ]);
    await c.start();
    expect(c.status).toBe('running');
    const polled = c.periodics.list().filter((p) => p.name === 'Power.poll');
    expect(polled.map((p) => p.id)).toEqual([
      '@vendor-a/ferric-driver:Power.poll',
      '@vendor-b/ferric-driver:Power.poll',
    ]);
    await waitFor(
      () => polls.includes('@vendor-a/ferric-driver') && polls.includes('@vendor-b/ferric-driver'),
      'both vendors polled',
    );
    // The short name alone is ambiguous; the registry says which ids to use.
    expect(() => c.periodics.get('Power.poll')).toThrow(/ambiguous/);
    expect(c.periodics.pause('@vendor-a/ferric-driver:Power.poll').paused).toBe(true);
  });
});
