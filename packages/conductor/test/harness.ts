import { ProvisionState as S } from '@ferric/core';
import type { Logger } from 'pino';
import {
  type ConductorConfigInput,
  createConductor,
  type EmbeddedConductor,
  InProcessTransport,
  type NodeRecord,
} from '../src/index.js';
import { agentBus, agentPlugin } from './fixtures/agent-driver.js';
import { silentLogger, tempDir, waitFor } from './helpers.js';

/** Fast, test-sized configuration: short intervals, periodics that matter enabled by the test. */
export const FAST: ConductorConfigInput = {
  enabledHardwareTypes: ['fake-hardware', 'agent-hardware'],
  heartbeatInterval: 0.05,
  heartbeatTimeout: 2,
  hashRingResetInterval: 0.05,
  nodeLockedRetryAttempts: 2,
  nodeLockedRetryInterval: 0.02,
  workersPoolSize: 10,
  syncPowerStateInterval: 3600,
  powerFailureRecoveryInterval: 3600,
  checkProvisionStateInterval: 3600,
  syncLocalStateInterval: 3600,
  gracefulShutdownTimeout: 2,
};

/** Conductors on one SQLite file in a temp dir, stopped and removed by {@link Cluster.dispose}. */
export class Cluster {
  readonly transport = new InProcessTransport();
  readonly conductors: EmbeddedConductor[] = [];
  readonly #dir = tempDir();
  readonly file = this.#dir.file('ferric.sqlite');

  /** A conductor on the shared file (not started). */
  add(host: string, config: ConductorConfigInput = {}, logger: Logger = silentLogger): EmbeddedConductor {
    const c = createConductor({
      database: { sqlite: this.file },
      plugins: [agentPlugin],
      logger,
      transport: this.transport,
      config: { ...FAST, host, ...config },
    });
    this.conductors.push(c);
    return c;
  }

  /** Starts one conductor and points the fake agent at its routed RPC client. */
  async start(c: EmbeddedConductor): Promise<EmbeddedConductor> {
    await c.start();
    agentBus.rpc = c.rpc;
    return c;
  }

  async dispose(): Promise<void> {
    for (const c of this.conductors.splice(0)) await c.stop();
    agentBus.rpc = undefined;
    this.#dir.cleanup();
  }
}

/** Waits until the node rests in `state` with no lock held (the background job finished). */
export function settled(c: EmbeddedConductor, node: string, state: string): Promise<NodeRecord> {
  return waitFor(async () => {
    const n = await c.inventory.getNode(node);
    return n.provisionState === state && n.reservation === null ? n : undefined;
  }, `${node} to reach ${state}`);
}

/** An agent heartbeat; `busy` = the agent's command still runs. */
export function heartbeat(c: EmbeddedConductor, node: string, busy = false): Promise<void> {
  return c.rpc.heartbeat({
    node,
    callbackUrl: 'http://192.0.2.10:9999',
    agentVersion: '10.0.0',
    ...(busy ? { agentStatus: 'busy' } : {}),
  });
}

/** Creates an `agent-hardware` node and takes it to `available` (automated cleaning off). */
export async function availableAgentNode(c: EmbeddedConductor, name: string): Promise<NodeRecord> {
  await c.rpc.createNode({ node: { driver: 'agent-hardware', name, automatedClean: false } });
  await c.rpc.doProvisioningAction({ node: name, verb: 'manage' });
  await settled(c, name, S.MANAGEABLE);
  await c.rpc.doProvisioningAction({ node: name, verb: 'provide' });
  return settled(c, name, S.AVAILABLE);
}

/** Takes an `agent-hardware` node to `active` through deploy wait and one heartbeat. */
export async function activeAgentNode(c: EmbeddedConductor, name: string): Promise<NodeRecord> {
  await availableAgentNode(c, name);
  await c.rpc.doProvisioningAction({ node: name, verb: 'deploy' });
  await settled(c, name, S.DEPLOYWAIT);
  await heartbeat(c, name);
  return settled(c, name, S.ACTIVE);
}
