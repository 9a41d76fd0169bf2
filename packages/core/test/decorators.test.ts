import {
  AbstractHardwareType,
  cleanStep,
  collectPassthruRoutes,
  collectPeriodicTasks,
  collectSteps,
  deployStep,
  driverPassthru,
  FakeBoot,
  FakeDeploy,
  FakeHardware,
  FakeManagement,
  FakePower,
  InvalidDecoratorUsage,
  InvalidParameterValue,
  MissingParameterValue,
  nodePeriodic,
  type PeriodicContext,
  passthru,
  periodic,
  sortSteps,
  type Task,
  VendorInterface,
  verifyStep,
} from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { describe, expect, it, vi } from 'vitest';

// The seed's example: a periodic on a power interface and one on the driver itself.
// (No self-reference inside the class body: esbuild, under vitest, renames such classes.)
const seedRuns = { count: 0 };
class SeedPower extends FakePower {
  @periodic({ spacing: 42 })
  async task(_ctx: PeriodicContext) {
    seedRuns.count += 1;
  }
}

let configuredSpacing = 7;
let configuredEnabled = true;

class SeedDriver extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [SeedPower, SeedPower];

  @periodic({ spacing: () => configuredSpacing, enabled: () => configuredEnabled })
  async lazyTask() {}

  @periodic({ spacing: 0 })
  async disabledBySpacing() {}

  @periodic({ spacing: 5, enabled: false, runImmediately: true })
  async disabledExplicitly() {}
}

const fakeContext = (visit?: (opts: unknown) => void): PeriodicContext => ({
  host: 'test',
  logger: {
    debug() {},
    info() {},
    warn() {},
    error() {},
    child() {
      return this;
    },
  },
  signal: new AbortController().signal,
  async forEachNode(options, fn) {
    visit?.(options);
    await fn(createTestTask());
    return 1;
  },
});

describe('@periodic collection', () => {
  it('collects from the hardware type and its interfaces, once per class', () => {
    const tasks = collectPeriodicTasks(new SeedDriver());
    expect(tasks.map((t) => t.name).sort()).toEqual(['SeedDriver.lazyTask', 'SeedPower.task']);
    expect(tasks.find((t) => t.name === 'SeedPower.task')!.spacing).toBe(42);
  });

  it('reads callable spacing and enabled again on every access, not once at collection', () => {
    configuredSpacing = 13;
    const lazy = collectPeriodicTasks(new SeedDriver()).find((t) => t.name === 'SeedDriver.lazyTask')!;
    expect(lazy.spacing).toBe(13);
    expect(lazy.lazy).toBe(true);
    configuredSpacing = 21;
    expect(lazy.spacing).toBe(21);
    configuredEnabled = false;
    expect(lazy.enabled).toBe(false);
    // Still collected: a function may enable it later.
    expect(collectPeriodicTasks(new SeedDriver()).map((t) => t.name)).toContain('SeedDriver.lazyTask');
    configuredEnabled = true;
    expect(lazy.enabled).toBe(true);
    configuredSpacing = -3;
    expect(() => lazy.spacing).toThrow(InvalidDecoratorUsage);
    configuredSpacing = 7;
  });

  it('passes the owner to spacing and enabled functions', () => {
    class Configured extends FakePower {
      constructor(readonly interval: number) {
        super();
      }
      @periodic({
        spacing: (self: Configured) => self.interval,
        enabled: (self: Configured) => self.interval < 100,
      })
      async poll() {}
    }
    const [task] = collectPeriodicTasks([new Configured(33)]);
    expect(task).toMatchObject({ spacing: 33, enabled: true });
    const [slow] = collectPeriodicTasks([new Configured(300)]);
    expect(slow).toMatchObject({ spacing: 300, enabled: false });
  });

  it('qualifies ids with the package that registered the class; the short name stays', () => {
    const tasks = collectPeriodicTasks(new SeedDriver(), {
      sourceOf: (owner) => (owner instanceof SeedPower ? '@acme/ferric-driver' : undefined),
    });
    const byName = new Map(tasks.map((t) => [t.name, t]));
    expect(byName.get('SeedPower.task')).toMatchObject({
      id: '@acme/ferric-driver:SeedPower.task',
      source: '@acme/ferric-driver',
    });
    expect(byName.get('SeedDriver.lazyTask')).toMatchObject({ id: 'SeedDriver.lazyTask', source: null });
  });

  it('spacing 0 and enabled:false disable a task (listed only on request)', () => {
    const all = collectPeriodicTasks(new SeedDriver(), { includeDisabled: true });
    const byName = new Map(all.map((t) => [t.name, t]));
    expect(byName.get('SeedDriver.disabledBySpacing')!.enabled).toBe(false);
    expect(byName.get('SeedDriver.disabledExplicitly')!.enabled).toBe(false);
    expect(byName.get('SeedDriver.disabledExplicitly')!.runImmediately).toBe(true);
  });

  it('binds the method to its owner', async () => {
    const [task] = collectPeriodicTasks([new SeedPower()]);
    seedRuns.count = 0;
    await task!.run(fakeContext());
    expect(seedRuns.count).toBe(1);
  });

  it('rejects invalid spacings at collection', () => {
    class Bad extends FakePower {
      @periodic({ spacing: -1 })
      async neg() {}
    }
    expect(() => collectPeriodicTasks([new Bad()])).toThrow(InvalidDecoratorUsage);
    expect(() => periodic({} as never)).toThrow(InvalidDecoratorUsage);
  });

  it('node periodics iterate through the context with their options and the owner', async () => {
    const seen: Task[] = [];
    let limit = 5;
    class Poller extends FakePower {
      @nodePeriodic({
        purpose: 'poll firmware',
        spacing: 30,
        filters: { provisionState: 'clean wait' },
        limit: () => limit,
      })
      async poll(task: Task) {
        seen.push(task);
      }
    }
    const poller = new Poller();
    const [task] = collectPeriodicTasks([poller]);
    expect(task!.nodeOptions).toMatchObject({ purpose: 'poll firmware', limit: 5, shared: true });
    limit = 8;
    expect(task!.nodeOptions).toMatchObject({ limit: 8 });
    const visit = vi.fn();
    await task!.run(fakeContext(visit));
    expect(visit).toHaveBeenCalledWith(
      expect.objectContaining({ usedBy: poller, filters: { provisionState: 'clean wait' }, limit: 8 }),
    );
    expect(seen).toHaveLength(1);
  });
});

class StepPower extends FakePower {
  @cleanStep({ priority: 10, argsinfo: { force: { description: 'Force it.', required: true } } })
  async needsForce() {}
  @cleanStep({ priority: 0 })
  @deployStep({ priority: 50 })
  async both() {}
  @verifyStep({ priority: 3 })
  async check() {}
}

describe('steps', () => {
  it('collects steps per kind with interface, defaults and argsinfo', () => {
    const power = new StepPower();
    const clean = collectSteps(power, 'clean', 'power');
    expect(clean.map((s) => s.step).sort()).toEqual(['both', 'needsForce', 'powerCycle']);
    expect(clean.find((s) => s.step === 'needsForce')).toMatchObject({
      priority: 10,
      abortable: false,
      requiresRamdisk: true,
      interface: 'power',
    });
    expect(collectSteps(power, 'deploy', 'power')).toEqual([
      expect.objectContaining({ step: 'both', priority: 50 }),
    ]);
    expect(collectSteps(power, 'verify', 'power').map((s) => s.step)).toEqual(['check']);
  });

  it('orders by priority, then interface priority (vendor > power > management > firmware > deploy > bios > raid)', () => {
    const steps = [
      { step: 'a', priority: 10, interface: 'raid' as const },
      { step: 'b', priority: 10, interface: 'vendor' as const },
      { step: 'c', priority: 99, interface: 'deploy' as const },
      { step: 'd', priority: 10, interface: 'power' as const },
      { step: 'e', priority: 10, interface: 'management' as const },
      { step: 'f', priority: 0, interface: 'bios' as const },
    ];
    expect(sortSteps(steps, 'clean').map((s) => s.step)).toEqual(['c', 'b', 'd', 'e', 'a', 'f']);
    expect(
      sortSteps(
        [
          { priority: 1, interface: 'boot' as const },
          { priority: 1, interface: 'power' as const },
        ],
        'verify',
      )[0]!.interface,
    ).toBe('power');
  });

  it('validates argsinfo and priority at decoration time', () => {
    expect(() => cleanStep({ priority: -1 })).toThrow(InvalidDecoratorUsage);
    expect(() => cleanStep({ priority: 1, argsinfo: { x: { description: '' } } })).toThrow(/description/);
    expect(() =>
      cleanStep({ priority: 1, argsinfo: { x: { description: 'd', type: 'int' } as never } }),
    ).toThrow(/unknown keys: type/);
  });

  it('executes steps, checking required and unknown arguments', async () => {
    const task = createTestTask();
    const power = new StepPower();
    await expect(power.executeCleanStep(task, { step: 'needsForce', args: {} })).rejects.toThrow(
      MissingParameterValue,
    );
    await expect(
      power.executeCleanStep(task, { step: 'needsForce', args: { force: true, extra: 1 } }),
    ).rejects.toThrow(InvalidParameterValue);
    await expect(
      power.executeCleanStep(task, { step: 'needsForce', args: { force: true } }),
    ).resolves.toBeUndefined();
    await expect(power.executeCleanStep(task, { step: 'nope' })).rejects.toThrow(/no clean step 'nope'/);
  });

  it('fake-hardware offers automated clean steps and a deploy step', async () => {
    const task = createTestTask();
    const steps = await task.driver.deploy.getDeploySteps(task);
    expect(steps).toEqual([expect.objectContaining({ step: 'deploy', priority: 100, interface: 'deploy' })]);
    const clean = (await task.driver.deploy.getCleanSteps(task)).filter((s) => s.priority > 0);
    expect(clean.map((s) => s.step)).toEqual(['eraseDevicesMetadata']);
    expect(new FakeHardware().supportedInterfaces('power')).toEqual([FakePower]);
  });
});

describe('passthru', () => {
  class Vendor extends VendorInterface {
    validate() {}
    @passthru({ httpMethods: ['post'] as never, description: 'Do it' })
    async doIt() {}
    @passthru({ httpMethods: ['GET'], method: 'status', async: false, requireExclusiveLock: false })
    async getStatus() {
      return { ok: true };
    }
    @driverPassthru({ httpMethods: ['GET'], async: false })
    async inventory() {}
  }

  it('collects node and driver routes with Ironic defaults', () => {
    const routes = new Vendor().routes;
    expect(routes.node.get('doIt')).toMatchObject({
      httpMethods: ['POST'],
      async: true,
      attach: false,
      requireExclusiveLock: true,
      description: 'Do it',
    });
    expect(routes.node.get('status')).toMatchObject({
      functionName: 'getStatus',
      async: false,
      requireExclusiveLock: false,
    });
    expect([...routes.driver.keys()]).toEqual(['inventory']);
  });

  it('rejects empty or unknown HTTP methods and duplicate public names', () => {
    expect(() => {
      class V extends VendorInterface {
        validate() {}
        @passthru({ httpMethods: [] })
        async x() {}
      }
      return V;
    }).toThrow(InvalidDecoratorUsage);
    class Dup extends VendorInterface {
      validate() {}
      @passthru({ httpMethods: ['POST'], method: 'same' })
      async a() {}
      @passthru({ httpMethods: ['POST'], method: 'same' })
      async b() {}
    }
    expect(() => collectPassthruRoutes(new Dup())).toThrow(/declared twice/);
  });
});
