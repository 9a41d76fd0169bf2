import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureBoot } from '@ferric/boot-common';
import { ProvisionState } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import { ImageCache, ImageChecksumError, ImageUnacceptable } from '@ferric/image-cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAgent } from '../src/config.js';
import { AgentInfoKey } from '../src/deploy/agent-info.js';
import { DirectDeploy } from '../src/deploy/direct-deploy.js';
import { type FakeAgent, startFakeAgent } from './helpers/fake-agent.js';

const hasQemuImg = spawnSync('qemu-img', ['--version']).status === 0;
if (!hasQemuImg) console.warn('skipping conductor-served image tests: apt-get install qemu-utils');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.skipIf(!hasQemuImg)(
  'direct deploy of images the conductor serves (qcow2, image_download_source local)',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'ferric-instance-image-'));
    const raw = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < raw.length; i += 512) raw.writeUInt32LE(i ^ 0x5a5a5a5a, i);
    writeFileSync(join(root, 'disk.raw'), raw);
    execFileSync('qemu-img', [
      'convert',
      '-f',
      'raw',
      '-O',
      'qcow2',
      join(root, 'disk.raw'),
      join(root, 'disk.qcow2'),
    ]);
    const qcow2 = readFileSync(join(root, 'disk.qcow2'));
    const server = createServer((req, res) => {
      try {
        res.end(readFileSync(join(root, (req.url ?? '/').slice(1))));
      } catch {
        res.writeHead(404).end();
      }
    });
    let imageBase = '';
    let agent: FakeAgent;
    const deploy = new DirectDeploy(new ImageCache({ directory: join(root, 'cache') }));

    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      imageBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      configureBoot({ dataDir: join(root, 'boot'), httpUrl: 'http://192.0.2.1:8088' });
      configureAgent({ apiUrl: 'http://192.0.2.1:6385', heartbeatInterval: 2, commandTimeoutMs: 5_000 });
      agent = await startFakeAgent();
    });
    afterAll(async () => {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    });

    const deploying = (instanceInfo: Record<string, unknown>) => {
      const base = createTestTask({ driver: 'fake-hardware' });
      return createTestTask(
        {
          driver: 'fake-hardware',
          provisionState: ProvisionState.DEPLOYING,
          instanceInfo: instanceInfo as never,
          driverInternalInfo: { [AgentInfoKey.token]: agent.token, [AgentInfoKey.url]: agent.url } as never,
        },
        { driver: { ...base.driver, deploy } },
      );
    };
    const sentImageInfo = () =>
      (agent.received.at(-1)!.params as { step: { args: { image_info: Record<string, unknown> } } }).step.args
        .image_info;

    it('converts a qcow2 once and hands the agent the raw file from the boot HTTP service', async () => {
      const task = deploying({
        image_source: `${imageBase}/disk.qcow2`,
        image_disk_format: 'qcow2',
        image_os_hash_algo: 'sha256',
        image_os_hash_value: sha256(qcow2),
      });
      deploy.validate(task);
      expect(await deploy.write_image(task)).toBe(ProvisionState.DEPLOYWAIT);
      const info = sentImageInfo();
      expect(info).toMatchObject({
        urls: [`http://192.0.2.1:8088/${task.node.uuid}/instance.raw`],
        disk_format: 'raw',
        os_hash_algo: 'sha256',
        os_hash_value: sha256(raw),
        image_size: raw.length,
      });
      const served = readFileSync(join(root, 'boot', 'httpboot', task.node.uuid, 'instance.raw'));
      expect(served.equals(raw)).toBe(true);
    });

    it('serves a raw image from the cache when image_download_source is local, and streams it otherwise', async () => {
      const common = {
        image_source: `${imageBase}/disk.raw`,
        image_os_hash_algo: 'sha256',
        image_os_hash_value: sha256(raw),
      };
      await deploy.write_image(deploying({ ...common, image_download_source: 'local' }));
      expect(sentImageInfo().urls).toEqual([
        expect.stringMatching(/^http:\/\/192\.0\.2\.1:8088\/.*\/instance\.raw$/),
      ]);
      await deploy.write_image(deploying(common));
      expect(sentImageInfo()).toMatchObject({ urls: [`${imageBase}/disk.raw`], os_hash_value: sha256(raw) });
      expect(() => deploy.validate(deploying({ ...common, image_download_source: 'swift' }))).toThrow(
        /must be 'http' or 'local'/,
      );
    });

    it('refuses a wrong checksum, an image that lies about its format, and a missing checksum', async () => {
      const sent = agent.received.length;
      await expect(
        deploy.write_image(
          deploying({
            image_source: `${imageBase}/disk.qcow2`,
            image_disk_format: 'qcow2',
            image_os_hash_algo: 'sha256',
            image_os_hash_value: 'f'.repeat(64),
          }),
        ),
      ).rejects.toThrow(ImageChecksumError);
      await expect(
        deploy.write_image(
          deploying({
            image_source: `${imageBase}/disk.qcow2`,
            image_disk_format: 'raw',
            image_download_source: 'local',
            image_os_hash_algo: 'sha256',
            image_os_hash_value: sha256(qcow2),
          }),
        ),
      ).rejects.toThrow(ImageUnacceptable);
      await expect(
        deploy.write_image(
          deploying({ image_source: `${imageBase}/disk.qcow2`, image_disk_format: 'qcow2' }),
        ),
      ).rejects.toThrow(/is required to serve an image from the conductor/);
      expect(agent.received.length).toBe(sent);
    });

    it('needs the image cache the agent plugin provides for anything but raw over http', async () => {
      const bare = new DirectDeploy();
      const base = createTestTask({ driver: 'fake-hardware' });
      const task = createTestTask(
        {
          driver: 'fake-hardware',
          provisionState: ProvisionState.DEPLOYING,
          instanceInfo: {
            image_source: `${imageBase}/disk.qcow2`,
            image_disk_format: 'qcow2',
            image_checksum: sha256(qcow2),
          },
          driverInternalInfo: { [AgentInfoKey.token]: agent.token, [AgentInfoKey.url]: agent.url } as never,
        },
        { driver: { ...base.driver, deploy: bare } },
      );
      await expect(bare.write_image(task)).rejects.toThrow(/load @ferric\/agent as a plugin/);
    });
  },
);

describe('the agent plugin', () => {
  it('gives each conductor its own image cache, injected into direct deploy', async () => {
    const { corePlugin, DriverFactory, DriverRegistry } = await import('@ferric/core');
    const { agentPlugin } = await import('../src/plugin.js');
    const build = () => {
      const registry = new DriverRegistry({ config: {} }).use(corePlugin).use(agentPlugin);
      const services = registry.createScope();
      return new DriverFactory(registry, {}, { resolve: services.resolve });
    };
    const [a, b] = [build(), build()];
    const deployA = a.getInterface('fake-hardware', 'deploy', 'direct') as unknown as { images?: unknown };
    const deployB = b.getInterface('fake-hardware', 'deploy', 'direct') as unknown as { images?: unknown };
    expect(deployA.images).toBeInstanceOf(ImageCache);
    expect(deployB.images).toBeInstanceOf(ImageCache);
    expect(deployA.images).not.toBe(deployB.images);
  });
});
