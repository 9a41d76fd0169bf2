import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../src/client/agent-client.js';
import { configureAgent } from '../src/config.js';
import { AgentCommandFailed, AgentConnectionFailed, AgentInProgress } from '../src/errors.js';
import {
  busyboxAvailable,
  type FakeApi,
  type HostAgent,
  startFakeApi,
  startHostAgent,
  until,
} from './helpers/host-agent.js';
import { freePort } from './helpers/net.js';

const NODE = '1be26c0b-03f2-4d2d-ae87-c02d7f33c123';
const TOKEN = 'tok-abcdefghijklmnopqrstuvwxyz012345';

describe.skipIf(!busyboxAvailable())('ramdisk agent (busybox shell, on the host)', () => {
  /**
   * A command's status, or undefined when the agent's one-connection-at-a-time listener (`nc -ll`)
   * dropped the poll on a loaded machine: the conductor's heartbeat simply polls again next time.
   */
  const pollCommand = async (id: string) => {
    try {
      return await client.getCommand(id);
    } catch (err) {
      if (err instanceof AgentConnectionFailed && /Cannot reach the agent/.test(err.message))
        return undefined;
      throw err;
    }
  };

  let api: FakeApi;
  let agent: HostAgent;
  let client: AgentClient;
  const image = randomBytes(3 * 1024 * 1024 + 512);
  const sha256 = createHash('sha256').update(image).digest('hex');

  beforeAll(async () => {
    configureAgent({ commandTimeoutMs: 20_000 });
    api = await startFakeApi(NODE, TOKEN);
    api.files.set('/image.raw', image);
    agent = await startHostAgent({ apiUrl: api.url, port: await freePort(), diskBytes: 8 * 1024 * 1024 });
    client = new AgentClient({ url: agent.url, token: TOKEN });
    await until(() => (api.heartbeats.length > 0 ? true : undefined));
  });
  afterAll(async () => {
    await agent?.stop();
    await api?.close();
  });

  it('looks itself up and heartbeats with its callback URL and token', () => {
    expect(api.heartbeats[0]).toMatchObject({
      callback_url: agent.url,
      agent_token: TOKEN,
    });
    expect(api.heartbeats[0]).not.toHaveProperty('agent_status');
    expect(String(api.heartbeats[0]!.agent_version)).toMatch(/^ferric-agent/);
  });

  it('refuses commands without the token', async () => {
    const bad = new AgentClient({ url: agent.url, token: 'wrong' });
    await expect(bad.status()).rejects.toThrow(AgentConnectionFailed);
    await expect(bad.status()).rejects.toThrow(/401/);
  });

  it('lists its clean steps and erases disk metadata', async () => {
    const steps = await client.runCommand<{ clean_steps: Record<string, { step: string }[]> }>(
      'clean.get_clean_steps',
    );
    expect(
      Object.values(steps.clean_steps)
        .flat()
        .map((s) => s.step),
    ).toContain('erase_devices_metadata');
    await client.runCommand('clean.execute_clean_step', {
      step: { step: 'erase_devices_metadata', interface: 'deploy' },
      node: { uuid: NODE, name: 'n' },
    });
    const disk = readFileSync(agent.disk);
    expect(disk.subarray(0, 1024 * 1024).every((b) => b === 0)).toBe(true);
    expect(disk.subarray(1024 * 1024, 2 * 1024 * 1024).every((b) => b === 0xaa)).toBe(true);
    expect(disk.subarray(disk.length - 1024 * 1024).every((b) => b === 0)).toBe(true);
  });

  it('streams an image to the root device and verifies its checksum, asynchronously', async () => {
    const started = await client.executeCommand('deploy.execute_deploy_step', {
      step: {
        step: 'write_image',
        interface: 'deploy',
        args: {
          image_info: {
            id: 'img',
            urls: [`${api.url}/image.raw`],
            disk_format: 'raw',
            os_hash_algo: 'sha256',
            os_hash_value: sha256,
          },
        },
      },
    });
    expect(['RUNNING', 'SUCCEEDED']).toContain(started.command_status);
    const done = await until(async () => {
      const r = await pollCommand(started.id);
      if (!r) return undefined;
      return r.command_status === 'RUNNING' ? undefined : r;
    });
    expect(done).toMatchObject({ command_status: 'SUCCEEDED' });
    const disk = readFileSync(agent.disk);
    expect(disk.subarray(0, image.length).equals(image)).toBe(true);
    expect((await client.listCommands()).map((c) => c.id)).toContain(started.id);
    const hb = api.heartbeats.length;
    await until(() => (api.heartbeats.length > hb ? true : undefined));
  });

  it('reports the bytes it wrote while a long image write runs', { timeout: 120_000 }, async () => {
    const slow = randomBytes(6 * 1024 * 1024);
    // About five seconds of download: the agent samples its progress every two.
    api.slowFiles.set('/slow.raw', { data: slow, chunkBytes: 128 * 1024, intervalMs: 100 });
    const started = await client.executeCommand('deploy.execute_deploy_step', {
      step: {
        step: 'write_image',
        interface: 'deploy',
        args: {
          image_info: {
            id: 'slow',
            urls: [`${api.url}/slow.raw`],
            disk_format: 'raw',
            image_size: slow.length,
            os_hash_algo: 'sha256',
            os_hash_value: createHash('sha256').update(slow).digest('hex'),
          },
        },
      },
    });
    const seen: { bytes_written: number; total_bytes: number }[] = [];
    const done = await until(async () => {
      const r = await pollCommand(started.id);
      if (!r) return undefined;
      if (r.command_status === 'RUNNING' && r.command_progress) seen.push(r.command_progress);
      return r.command_status === 'RUNNING' ? undefined : r;
    }, 90_000);
    expect(done).toMatchObject({ command_status: 'SUCCEEDED' });
    expect(done.command_progress).toBeUndefined();
    const moving = seen.filter((p) => p.bytes_written > 0);
    expect(moving.length).toBeGreaterThan(0);
    for (const p of moving) {
      expect(p.total_bytes).toBe(slow.length);
      expect(p.bytes_written).toBeLessThanOrEqual(slow.length);
    }
    expect(readFileSync(agent.disk).subarray(0, slow.length).equals(slow)).toBe(true);
  });

  it('fails write_image on a checksum mismatch and on a missing image', async () => {
    const info = { id: 'img', urls: [`${api.url}/image.raw`], disk_format: 'raw' };
    await expect(
      client.runCommand('standby.prepare_image', {
        image_info: { ...info, os_hash_algo: 'sha256', os_hash_value: '0'.repeat(64) },
      }),
    ).rejects.toThrow(/checksum mismatch/);
    await expect(
      client.runCommand('standby.prepare_image', { image_info: { ...info, urls: [`${api.url}/nope`] } }),
    ).rejects.toThrow(AgentCommandFailed);
    await expect(
      client.runCommand('standby.prepare_image', { image_info: { ...info, disk_format: 'qcow2' } }),
    ).rejects.toThrow(/Only raw/);
  });

  it('adds a config drive partition after the image', async () => {
    // An image with an MBR and one partition (sectors 2048..4095).
    const mbrImage = Buffer.alloc(4 * 1024 * 1024);
    const entry = Buffer.from([0, 0xfe, 0xff, 0xff, 0x83, 0xfe, 0xff, 0xff, 0, 8, 0, 0, 0, 8, 0, 0]);
    entry.copy(mbrImage, 446);
    mbrImage[510] = 0x55;
    mbrImage[511] = 0xaa;
    api.files.set('/mbr.raw', mbrImage);
    const iso = Buffer.concat([Buffer.from('CONFIG-2 ISO'), randomBytes(5000)]);
    const { gzipSync } = await import('node:zlib');
    await client.runCommand('standby.prepare_image', {
      image_info: { id: 'mbr', urls: [`${api.url}/mbr.raw`], disk_format: 'raw' },
      configdrive: gzipSync(iso).toString('base64'),
    });
    const disk = readFileSync(agent.disk);
    const second = disk.subarray(446 + 16, 446 + 32);
    expect(second[4]).toBe(0x83);
    const start = second.readUInt32LE(8);
    const size = second.readUInt32LE(12);
    expect(size).toBe(2048);
    expect(start * 512 + size * 512).toBeLessThanOrEqual(disk.length);
    expect(disk.subarray(start * 512, start * 512 + iso.length).equals(iso)).toBe(true);
    expect(disk.subarray(446, 462).equals(entry)).toBe(true);
  });

  it('answers 409 while a command runs', async () => {
    // What agent-http sees while agent-command runs: the busy marker.
    const busy = join(agent.dir, 'state', 'busy');
    writeFileSync(busy, 'deploy.execute_deploy_step');
    try {
      await expect(client.executeCommand('standby.sync', {})).rejects.toThrow(AgentInProgress);
    } finally {
      rmSync(busy);
    }
  });

  it('runs power and sync commands and refuses unknown ones', async () => {
    await client.runCommand('standby.sync');
    await client.runCommand('image.install_bootloader', { root_uuid: null });
    await client.runCommand('standby.power_off');
    await until(() => (agent.output().includes('would poweroff') ? true : undefined));
    await expect(client.runCommand('nope.nothing')).rejects.toThrow(/Unknown command/);
  });
});
