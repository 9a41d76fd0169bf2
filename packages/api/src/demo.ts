import type { ConductorRpc, NodeRecord } from '@ferric/conductor';
import type { ApiInventory } from './backend.js';

/** Options of {@link runDemo}. @public */
export interface DemoOptions {
  rpc: ConductorRpc;
  inventory: ApiInventory;
  /** How many fake nodes (`demo-0` …). */
  count: number;
  /** Progress lines go here (default: stdout). */
  print?: (line: string) => void;
  /** Give up waiting for one node after this many milliseconds (default 60 s). */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(
  inventory: ApiInventory,
  uuid: string,
  state: string,
  timeoutMs: number,
): Promise<NodeRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await inventory.getNode(uuid);
    if (n.provisionState === state && !n.targetProvisionState) return n;
    if (n.provisionState.endsWith('failed') || n.provisionState === 'error') {
      throw new Error(
        `${n.name ?? uuid} failed in ${n.provisionState}: ${n.lastError ?? 'no error recorded'}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`${n.name ?? uuid} did not reach ${state} (still ${n.provisionState}).`);
    await sleep(100);
  }
}

/**
 * Enrols a small fleet of `fake-hardware` nodes (one port each) and drives them
 * enroll → manageable → available, printing progress. Nodes that exist already are reused.
 * @public
 */
export async function runDemo(options: DemoOptions): Promise<NodeRecord[]> {
  const { rpc, inventory, count } = options;
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const timeout = options.timeoutMs ?? 60_000;
  const nodes: NodeRecord[] = [];
  print(`demo: enrolling ${count} fake node(s)…`);
  for (let i = 0; i < count; i++) {
    const name = `demo-${i}`;
    let node = await inventory.getNode(name).catch(() => undefined);
    if (!node) {
      node = await rpc.createNode({
        node: {
          driver: 'fake-hardware',
          name,
          resourceClass: 'baremetal',
          properties: { cpus: 8, memory_mb: 16384, local_gb: 100, cpu_arch: 'x86_64' },
          driverInfo: { fake_bmc_address: `10.0.0.${10 + i}`, fake_bmc_password: 'demo-secret' },
        },
      });
      const mac = `52:54:00:00:00:${(i + 1).toString(16).padStart(2, '0')}`;
      await rpc.createPort({ port: { nodeUuid: node.uuid, address: mac, pxeEnabled: true } });
      print(`  [${i + 1}/${count}] ${name} enrolled (${node.uuid}, port ${mac})`);
    } else {
      print(`  [${i + 1}/${count}] ${name} already exists (${node.provisionState})`);
    }
    nodes.push(node);
  }
  const done: NodeRecord[] = [];
  for (const [i, node] of nodes.entries()) {
    const tag = `  [${i + 1}/${count}] ${node.name}`;
    let current = await inventory.getNode(node.uuid);
    if (current.provisionState === 'enroll') {
      await rpc.doProvisioningAction({ node: node.uuid, verb: 'manage' });
      current = await waitFor(inventory, node.uuid, 'manageable', timeout);
      print(`${tag}: enroll → verifying → manageable`);
    }
    if (current.provisionState === 'manageable') {
      await rpc.doProvisioningAction({ node: node.uuid, verb: 'provide' });
      current = await waitFor(inventory, node.uuid, 'available', timeout);
      print(`${tag}: manageable → cleaning → available`);
    } else {
      print(`${tag}: ${current.provisionState}`);
    }
    done.push(current);
  }
  print(`demo: ${done.filter((n) => n.provisionState === 'available').length}/${count} node(s) available.`);
  return done;
}
