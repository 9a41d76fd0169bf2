import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ConductorRpc } from '@ferric/conductor';
import { NodeLocked, TemporaryFailure } from '@ferric/core';
import { AmqpTransport } from '@ferric/rpc-transports';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVhost } from '../src/services.js';

const run = promisify(execFile);
let vhost: Awaited<ReturnType<typeof createTestVhost>>;
const transports: AmqpTransport[] = [];

beforeAll(async () => {
  vhost = await createTestVhost();
}, 60_000);
afterAll(async () => {
  for (const t of transports.splice(0)) await t.close();
  await vhost?.drop();
}, 60_000);

const events: string[] = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => events.push((JSON.parse(line) as { msg: string }).msg) },
);

function transport(timeoutMs = 10_000): AmqpTransport {
  const t = new AmqpTransport({ url: vhost.url, timeoutMs, maxReconnectDelayMs: 500, logger });
  transports.push(t);
  return t;
}

/** Counts executions per node so duplicates would show. */
function fakeServer(runs: Map<string, number>, delayMs = 0): ConductorRpc {
  return {
    async getNodePowerState(req: { node: string }) {
      runs.set(req.node, (runs.get(req.node) ?? 0) + 1);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return `on:${req.node}`;
    },
    async doProvisioningAction(req: { node: string }) {
      throw new NodeLocked(req.node, 'amqp-a');
    },
  } as unknown as ConductorRpc;
}

describe('AmqpTransport on RabbitMQ', () => {
  it('request/response with correlation ids, typed errors and casts', async () => {
    const server = transport();
    const runs = new Map<string, number>();
    server.register('amqp-a', fakeServer(runs));
    await server.start();
    const client = transport();
    await client.start();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.call('amqp-a', 'getNodePowerState', { node: `n${i}` })),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => `on:n${i}`));
    const err = await client
      .call('amqp-a', 'doProvisioningAction', { node: 'x', verb: 'deploy' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeLocked);
    expect(err).toMatchObject({ httpStatus: 409 });
    await client.cast('amqp-a', 'getNodePowerState', { node: 'cast-1' });
    await expect.poll(() => runs.get('cast-1')).toBe(1);
  }, 60_000);

  it('no queue or no consumer (a dead conductor) fails fast; a silent one times out (503)', async () => {
    const client = transport(1_000);
    await client.start();
    await expect(client.call('nobody', 'getNodePowerState', { node: 'n' })).rejects.toBeInstanceOf(
      TemporaryFailure,
    );
    const gone = transport();
    gone.register('gone', fakeServer(new Map()));
    await gone.start();
    await gone.close(); // its durable queue stays, without a consumer
    const dead = await client.call('gone', 'getNodePowerState', { node: 'n' }).catch((e: unknown) => e);
    expect(dead).toBeInstanceOf(TemporaryFailure);
    expect(String((dead as Error).message)).toMatch(/not consuming/);
    const silent = transport();
    silent.register('mute', {
      getNodePowerState: () => new Promise(() => undefined),
    } as unknown as ConductorRpc);
    await silent.start();
    const err = await client.call('mute', 'getNodePowerState', { node: 'n' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporaryFailure);
    expect(String((err as Error).message)).toMatch(/did not answer/);
  }, 60_000);

  it('survives a broker-side restart of the vhost: accepted calls complete, none runs twice', async () => {
    const server = transport(30_000);
    const runs = new Map<string, number>();
    server.register('amqp-r', fakeServer(runs, 300));
    await server.start();
    const client = transport(30_000);
    await client.start();
    const name = decodeURIComponent(new URL(vhost.url).pathname.slice(1));
    const calls = Array.from({ length: 100 }, (_, i) =>
      client.call('amqp-r', 'getNodePowerState', { node: `r${i}` }),
    );
    await new Promise((r) => setTimeout(r, 150));
    await run('rabbitmqctl', ['-q', 'restart_vhost', '-p', name]);
    await run('rabbitmqctl', ['-q', 'close_all_connections', '-p', name, 'test restart']);
    // Sent while both sides reconnect: refused (503, not accepted) until the conductor consumes
    // again, so retried as a client would.
    const retrying = async (node: string): Promise<unknown> => {
      for (;;) {
        try {
          return await client.call('amqp-r', 'getNodePowerState', { node });
        } catch (err) {
          if (!(err instanceof TemporaryFailure)) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const more = Array.from({ length: 20 }, (_, i) => retrying(`late${i}`));
    const results = await Promise.all([...calls, ...more]);
    expect(results.length).toBe(120);
    expect(results.every((r) => typeof r === 'string' && r.startsWith('on:'))).toBe(true);
    expect([...runs.values()].filter((n) => n > 1)).toEqual([]);
    // Both sides really lost the connection and came back.
    expect(events.filter((e) => e === 'AMQP connection lost; reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(events).toContain('AMQP connection re-established');
  }, 90_000);
});
