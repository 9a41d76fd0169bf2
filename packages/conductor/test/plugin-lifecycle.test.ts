import 'reflect-metadata';
import {
  AbstractHardwareType,
  createServiceToken,
  definePlugin,
  FakeBoot,
  FakeDeploy,
  FakeManagement,
  inject,
  PluginConfigError,
  PowerInterface,
  type PowerStateValue,
  type StandardSchemaV1,
} from '@ferric/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createConductor, type EmbeddedConductor, InProcessTransport } from '../src/index.js';
import { FAST } from './harness.js';
import { silentLogger, tempDir } from './helpers.js';

/** What the test BMC reports: set per conductor through the plugin's configuration section. */
interface LabSettings {
  readonly reports: PowerStateValue;
}

const labSchema: StandardSchemaV1<unknown, LabSettings> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const reports = (value as { reports?: unknown } | undefined)?.reports;
      if (reports !== 'power on' && reports !== 'power off') {
        return { issues: [{ message: "must be 'power on' or 'power off'", path: ['reports'] }] };
      }
      return { value: { reports } };
    },
  },
};

/** A per-conductor resource with something to release, like a BMC session pool. */
class LabSessions {
  static readonly live = new Set<LabSessions>();
  constructor(readonly settings: LabSettings) {
    LabSessions.live.add(this);
  }
  close(): void {
    LabSessions.live.delete(this);
  }
}

const SESSIONS = createServiceToken<LabSessions>('lab:sessions');

class LabPower extends PowerInterface {
  constructor(@inject(SESSIONS) private readonly sessions: LabSessions) {
    super();
  }
  getProperties() {
    return {};
  }
  validate() {}
  async getPowerState(): Promise<PowerStateValue> {
    return this.sessions.settings.reports;
  }
  async setPowerState() {}
  async reboot() {}
}

class LabHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy];
  readonly supportedManagementInterfaces = [FakeManagement];
  readonly supportedPowerInterfaces = [LabPower];
}

const shutdowns: Array<PowerStateValue> = [];

const labPlugin = definePlugin({
  name: '@test/lab',
  id: 'lab',
  configSchema: labSchema,
  hardwareTypes: { lab: LabHardware },
  register(env) {
    env.provide(SESSIONS, { useFactory: () => new LabSessions(env.config) });
    env.registerInterface('power', 'lab', LabPower);
    env.onShutdown(() => void shutdowns.push(env.config.reports));
  },
});

describe('plugins per conductor', () => {
  const dir = tempDir();
  const transport = new InProcessTransport();
  const started: EmbeddedConductor[] = [];
  afterEach(async () => {
    for (const c of started.splice(0)) await c.stop();
  });
  afterAll(() => dir.cleanup());

  const conductor = (host: string, group: string, reports: string) =>
    createConductor({
      database: { sqlite: dir.file('lab.sqlite') },
      plugins: [labPlugin],
      pluginConfig: { lab: { reports } },
      logger: silentLogger,
      transport,
      config: { ...FAST, host, conductorGroup: group, enabledHardwareTypes: ['lab'] },
    });

  it('two conductors in one process use their own settings, and stop() releases their services', async () => {
    const on = conductor('lab-on', 'on', 'power on');
    const off = conductor('lab-off', 'off', 'power off');
    await on.start();
    await off.start();
    started.push(on, off);
    await on.rpc.createNode({ node: { name: 'n-on', driver: 'lab', conductorGroup: 'on' } });
    await on.rpc.createNode({ node: { name: 'n-off', driver: 'lab', conductorGroup: 'off' } });

    expect(await on.rpc.getNodePowerState({ node: 'n-on' })).toBe('power on');
    expect(await on.rpc.getNodePowerState({ node: 'n-off' })).toBe('power off');
    expect([...LabSessions.live].map((s) => s.settings.reports).sort()).toEqual(['power off', 'power on']);

    shutdowns.length = 0;
    await off.stop();
    expect(shutdowns).toEqual(['power off']);
    expect([...LabSessions.live].map((s) => s.settings.reports)).toEqual(['power on']);

    // A restarted conductor builds its services afresh.
    await off.start();
    expect(await off.rpc.getNodePowerState({ node: 'n-off' })).toBe('power off');
    await off.stop();
    await on.stop();
    expect(LabSessions.live.size).toBe(0);
  });

  it('rejects an invalid plugin section when the conductor is created', () => {
    expect(() => conductor('lab-bad', 'bad', 'power cycling')).toThrow(PluginConfigError);
    expect(() => conductor('lab-bad', 'bad', 'power cycling')).toThrow(/lab\.reports/);
  });
});
