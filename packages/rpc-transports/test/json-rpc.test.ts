import type { ConductorRpc } from '@ferric/conductor';
import { InvalidParameterValue, NodeLocked, TemporaryFailure } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonRpcTransport } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A conductor stand-in: only what the tests call. */
function fakeServer(log: string[] = []): ConductorRpc {
  return {
    async getNodePowerState(req: { node: string }) {
      log.push(`power:${req.node}`);
      return 'power on';
    },
    async setMaintenance(req: { node: string }) {
      return { uuid: req.node, createdAt: new Date('2026-01-02T03:04:05.000Z') };
    },
    async doProvisioningAction(req: { node: string }) {
      log.push(`provision:${req.node}`);
      throw new NodeLocked(req.node, 'cond-x');
    },
  } as unknown as ConductorRpc;
}

async function pair(token?: string) {
  const server = new JsonRpcTransport(token ? { token } : {});
  const address = await server.listen('127.0.0.1', 0);
  const log: string[] = [];
  server.register('cond-a', fakeServer(log));
  const client = new JsonRpcTransport({
    resolveAddress: async (h) => (h === 'cond-a' ? address : null),
    timeoutMs: 5_000,
    ...(token ? { token } : {}),
  });
  closers.push(() => server.close());
  return { server, client, log, address };
}

describe('JsonRpcTransport', () => {
  it('calls a remote conductor; Dates survive the wire', async () => {
    const { client } = await pair();
    expect(await client.call('cond-a', 'getNodePowerState', { node: 'n1' })).toBe('power on');
    const rec = (await client.call('cond-a', 'setMaintenance', {
      node: 'n1',
      maintenance: true,
    })) as unknown as {
      createdAt: Date;
    };
    expect(rec.createdAt).toBeInstanceOf(Date);
    expect(rec.createdAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('rebuilds typed errors so 409/503 semantics survive RPC', async () => {
    const { client } = await pair();
    const err = await client
      .call('cond-a', 'doProvisioningAction', { node: 'n1', verb: 'deploy' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeLocked);
    expect(err).toMatchObject({ code: 'NodeLocked', httpStatus: 409 });
    const unknown = await client.call('cond-b', 'getNodePowerState', { node: 'n1' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(TemporaryFailure);
    expect((unknown as TemporaryFailure).httpStatus).toBe(503);
  });

  it('refuses methods outside the contract', async () => {
    const { client } = await pair();
    const err = await client.call('cond-a', 'stop' as never, {} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterValue);
  });

  it('unreachable conductor → TemporaryFailure (503)', async () => {
    const client = new JsonRpcTransport({
      resolveAddress: async () => 'http://127.0.0.1:1',
      timeoutMs: 2_000,
    });
    await expect(client.call('cond-z', 'getNodePowerState', { node: 'n' })).rejects.toBeInstanceOf(
      TemporaryFailure,
    );
  });

  it('bearer token: required when configured, and needed off loopback', async () => {
    const { address } = await pair('s3cret-token-0123456789');
    const wrong = new JsonRpcTransport({
      resolveAddress: async () => address,
      token: 'wrong-token-0123456789ab',
    });
    await expect(wrong.call('cond-a', 'getNodePowerState', { node: 'n' })).rejects.toThrow(
      /refused the JSON-RPC token/,
    );
    const right = new JsonRpcTransport({
      resolveAddress: async () => address,
      token: 's3cret-token-0123456789',
    });
    expect(await right.call('cond-a', 'getNodePowerState', { node: 'n' })).toBe('power on');
    await expect(new JsonRpcTransport().listen('0.0.0.0', 0)).rejects.toThrow(/only listen on loopback/);
  });

  it('casts are notifications: accepted at once, run in the background', async () => {
    const { client, log } = await pair();
    await client.cast('cond-a', 'getNodePowerState', { node: 'n9' });
    await expect.poll(() => log).toContain('power:n9');
  });
});
