import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FleetBmc } from '@ferric/bmc-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  RedfishAuthenticationError,
  RedfishClient,
  RedfishConnectionError,
  RedfishError,
  RedfishResourceNotFound,
} from '../src/index.js';
import { fastSettings, fleet, stopAll } from './helpers.js';

function clientFor(
  bmc: Pick<FleetBmc, 'url' | 'username' | 'password'>,
  extra: Partial<ConstructorParameters<typeof RedfishClient>[0]> = {},
) {
  return new RedfishClient({
    address: bmc.url,
    username: bmc.username,
    password: bmc.password,
    retryIntervalMs: 10,
    maxRetryDelayMs: 100,
    connectionAttempts: 4,
    requestTimeoutMs: 5000,
    ...extra,
  });
}

describe('RedfishClient against the emulator', () => {
  let bmc: FleetBmc;
  const clients: RedfishClient[] = [];
  const make = (...args: Parameters<typeof clientFor>) => {
    const c = clientFor(...args);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    fastSettings();
    bmc = (await fleet({ count: 1 })).bmcs[0]!;
  });
  afterEach(async () => {
    bmc.faults.clear();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(stopAll);

  it('logs in with a session in auto mode and reads the system', async () => {
    const c = make(bmc);
    const system = await c.get(bmc.systemPath);
    expect(system.Id).toBe(bmc.systemId);
    expect(c.authKind).toBe('session');
  });

  it('uses HTTP Basic when asked', async () => {
    const c = make(bmc, { authType: 'basic' });
    await c.get(bmc.systemPath);
    expect(c.authKind).toBe('basic');
  });

  it('discovers the only system when no system id is given', async () => {
    const c = make(bmc);
    expect(await c.systemPath(null)).toBe(bmc.systemPath);
  });

  it('reports wrong credentials clearly, without the password', async () => {
    for (const authType of ['auto', 'session', 'basic'] as const) {
      const c = make({ ...bmc, password: 'wrong-secret' }, { authType });
      const error = await c.get(bmc.systemPath).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedfishAuthenticationError);
      expect((error as RedfishError).code).toBe('RedfishAuthenticationError');
      expect((error as Error).message).toMatch(/credentials/);
      expect((error as Error).message).not.toContain('wrong-secret');
    }
  });

  it('logs in again when the session expires', async () => {
    const c = make(bmc);
    await c.get(bmc.systemPath);
    bmc.expireSessions();
    const system = await c.get(bmc.systemPath);
    expect(system.Id).toBe(bmc.systemId);
    expect(c.authKind).toBe('session');
  });

  it('retries through a burst of 5xx answers', async () => {
    const c = make(bmc);
    await c.get(bmc.systemPath);
    bmc.faults.burst(3, 500);
    const system = await c.get(bmc.systemPath);
    expect(system.Id).toBe(bmc.systemId);
    expect(bmc.faults.counts.failed).toBeGreaterThanOrEqual(3);
  });

  it('gives up after the configured attempts with the BMC message', async () => {
    const c = make(bmc, { connectionAttempts: 2 });
    await c.get(bmc.systemPath);
    bmc.faults.burst(5, 500);
    const error = await c.get(bmc.systemPath).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as RedfishError).status).toBe(500);
    expect((error as RedfishError).messages[0]?.messageId).toMatch(/GeneralError/);
    expect((error as Error).message).toMatch(/Injected fault/);
  });

  it('retries a dropped connection', async () => {
    const c = make(bmc);
    await c.get(bmc.systemPath);
    bmc.faults.dropNext(2);
    const system = await c.get(bmc.systemPath);
    expect(system.Id).toBe(bmc.systemId);
    expect(bmc.faults.counts.dropped).toBeGreaterThanOrEqual(2);
  });

  it('maps 404 and 400 answers to typed errors with ExtendedInfo', async () => {
    const c = make(bmc);
    await expect(c.get('/redfish/v1/Systems/nope')).rejects.toBeInstanceOf(RedfishResourceNotFound);
    const error = await c
      .patch(bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Moon' } })
      .catch((e: unknown) => e as RedfishError);
    expect(error).toBeInstanceOf(RedfishError);
    expect((error as RedfishError).status).toBe(400);
    expect((error as RedfishError).messages.map((m) => m.messageId).join()).toMatch(/PropertyValueNotInList/);
  });

  it('sends If-Match and refreshes a stale ETag once (412)', async () => {
    const c = make(bmc);
    const { etag } = await c.getDocument(bmc.systemPath);
    expect(etag).toBeTruthy();
    bmc.system.assetTag = 'changed-behind-our-back';
    const res = await c.patch(bmc.systemPath, { AssetTag: 'mine' }, { etag });
    expect(res.status).toBe(200);
    expect(bmc.system.assetTag).toBe('mine');
  });

  it('polls a Task monitor to completion', async () => {
    const c = make(bmc);
    const { imageServer } = await import('./image-server.js');
    const images = await imageServer({ '/bios-2.5.0.bin': Buffer.alloc(1024) });
    try {
      const res = await c.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', {
        ImageURI: `${images.url}/bios-2.5.0.bin`,
      });
      expect(res.status).toBe(202);
      const task = await c.waitForTask(res, { intervalMs: 20, timeoutMs: 10_000 });
      expect(task.TaskState).toBe('Completed');
      expect(bmc.system.firmware.bios).toBe('2.5.0');
    } finally {
      await images.close();
    }
  });
});

describe('RedfishClient failures without a BMC', () => {
  it('says the BMC is unreachable after bounded retries', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const c = clientFor(
      { url: `http://127.0.0.1:${port}`, username: 'admin', password: 'pw' },
      { connectionAttempts: 3 },
    );
    const error = await c.get('/redfish/v1/Systems').catch((e: unknown) => e);
    await c.close();
    expect(error).toBeInstanceOf(RedfishConnectionError);
    expect((error as RedfishConnectionError).details.attempts).toBe(3);
    expect((error as Error).message).toMatch(/Cannot reach the BMC/);
  });

  it('falls back to Basic when the BMC has no SessionService', async () => {
    let sawBasic = false;
    const server: Server = createServer((req, res) => {
      if (req.url === '/redfish/v1/' || req.url === '/redfish/v1') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ Systems: { '@odata.id': '/redfish/v1/Systems' } }));
        return;
      }
      if (req.method === 'POST') {
        res.writeHead(405).end();
        return;
      }
      sawBasic = /^Basic /.test(req.headers.authorization ?? '');
      res
        .writeHead(sawBasic ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ Members: [] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const c = clientFor({ url: `http://127.0.0.1:${port}`, username: 'admin', password: 'pw' });
    try {
      await c.get('/redfish/v1/Systems');
      expect(c.authKind).toBe('basic');
      expect(sawBasic).toBe(true);
    } finally {
      await c.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
