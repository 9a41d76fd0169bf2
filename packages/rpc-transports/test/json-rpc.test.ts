import { request } from 'node:http';
import type { ConductorRpc } from '@ferric/conductor';
import { InvalidParameterValue, NodeLocked, TemporaryFailure } from '@ferric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRpcToken, JsonRpcTransport } from '../src/index.js';

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
    async updateNode(req: { node: string }) {
      return {
        uuid: req.node,
        driver: 'ipmi',
        driverInfo: { ipmi_address: '192.0.2.1', ipmi_username: 'admin', ipmi_password: 'hunter2-bmc' },
        instanceInfo: { image_source: 'http://img', configdrive: 'H4sIAAAA-secret' },
        driverInternalInfo: { agent_secret_token: 'tok-123', deploy_steps: [{ step: 'deploy' }] },
        extra: { password_hint: 'not a secret holder' },
      };
    },
    async doProvisioningAction(req: { node: string }) {
      log.push(`provision:${req.node}`);
      throw new NodeLocked(req.node, 'cond-x');
    },
  } as unknown as ConductorRpc;
}

async function pair(token?: string) {
  const server = new JsonRpcTransport(token ? { token } : { insecure: true });
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
    await expect(new JsonRpcTransport({ insecure: true }).listen('0.0.0.0', 0)).rejects.toThrow(
      /only listen on loopback/,
    );
  });

  it('requires a token by default, even on loopback', async () => {
    await expect(new JsonRpcTransport().listen('127.0.0.1', 0)).rejects.toThrow(/requires a token/);
    await expect(new JsonRpcTransport({ token: 'short' }).listen('127.0.0.1', 0)).rejects.toThrow(
      /at least 16/,
    );
    const token = generateRpcToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateRpcToken()).not.toBe(token);
  });

  it('refuses browsers and DNS rebinding: other content types, any Origin, a foreign Host', async () => {
    const token = generateRpcToken();
    const { address, log } = await pair(token);
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'getNodePowerState',
      params: { node: 'n' },
    });
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${address}/`, { method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    const auth = { authorization: `Bearer ${token}`, 'x-ferric-conductor': 'cond-a' };
    // A web page's "simple" request needs no preflight: text/plain must not be served.
    expect(await post({ ...auth, 'content-type': 'text/plain' })).toBe(415);
    expect(await post({ ...auth, 'content-type': 'application/json', origin: 'http://evil.example' })).toBe(
      403,
    );
    expect(await post({ ...auth, 'content-type': 'application/json', host: 'evil.example:8089' })).toBe(403);
    expect(log).toEqual([]);
    expect(await post({ ...auth, 'content-type': 'application/json; charset=utf-8' })).toBe(200);
    expect(await post({ ...auth, 'content-type': 'application/json', host: `localhost:1` })).toBe(200);
    expect(log).toEqual(['power:n', 'power:n']);
  });

  it('never answers secrets over the wire: node records come back masked', async () => {
    const { client } = await pair(generateRpcToken().slice(0, 20));
    const rec = (await client.call('cond-a', 'updateNode', { node: 'n1', patch: {} })) as unknown as {
      driverInfo: Record<string, unknown>;
      instanceInfo: Record<string, unknown>;
      driverInternalInfo: Record<string, unknown>;
      extra: Record<string, unknown>;
    };
    expect(rec.driverInfo).toEqual({
      ipmi_address: '192.0.2.1',
      ipmi_username: 'admin',
      ipmi_password: '******',
    });
    expect(rec.instanceInfo).toEqual({ image_source: 'http://img', configdrive: '******' });
    expect(rec.driverInternalInfo).toEqual({
      agent_secret_token: '******',
      deploy_steps: [{ step: 'deploy' }],
    });
    expect(rec.extra).toEqual({ password_hint: 'not a secret holder' });
  });

  it('casts are notifications: accepted at once, run in the background', async () => {
    const { client, log } = await pair();
    await client.cast('cond-a', 'getNodePowerState', { node: 'n9' });
    await expect.poll(() => log).toContain('power:n9');
  });
});
