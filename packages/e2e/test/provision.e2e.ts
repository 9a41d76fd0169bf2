/**
 * End to end, as Ironic's CI does with VMs + sushy-tools + IPA: two QEMU machines behind the Redfish
 * emulator are enrolled in Ferric all-in-one (a separate process) and driven through the public REST API —
 * node A with the real `baremetal` CLI (iPXE boot), node B with plain HTTP (Redfish virtual media):
 * manage → provide (agent cleaning) → deploy (direct: the agent writes the image) → the VM boots from
 * its disk, which holds exactly the image → undeploy (agent cleaning) → available. During B's
 * `write_image` the conductor is SIGKILLed and restarted; the deploy must still end `active`.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Fleet, QemuMachine, startFleet } from '@ferric/bmc-emulator';
import { type BootServices, configureBoot, startBootServices } from '@ferric/boot-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerricProcess } from './helpers/ferric.js';
import { e2eAgentRamdisk, e2eInstanceImage, INSTANCE_MARKER, type InstanceImage } from './helpers/images.js';
import { exec, freePort, mapGuestHostForBmc, serveFile } from './helpers/net.js';
import { type NodeView, Rest } from './helpers/rest.js';

const ARTIFACTS = resolve(
  import.meta.dirname,
  '../artifacts',
  new Date().toISOString().replace(/[:.]/g, '-'),
);
const STATE_TIMEOUT = 300_000;

describe('provisioning QEMU machines end to end', () => {
  let fleet: Fleet | undefined;
  let ferric: FerricProcess | undefined;
  let bootHttp: BootServices | undefined;
  let imageServer: { port: number; close(): Promise<void> } | undefined;
  let restoreFetch: (() => void) | undefined;
  let image: InstanceImage;
  let rest: Rest;
  let apiUrl: string;
  const disks = [join(ARTIFACTS, 'node-0.qcow2'), join(ARTIFACTS, 'node-1.qcow2')];
  const serial = [join(ARTIFACTS, 'serial-node-0.log'), join(ARTIFACTS, 'serial-node-1.log')];
  const agentPorts: number[] = [];
  let failed = false;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const [ramdisk, img] = await Promise.all([e2eAgentRamdisk(), e2eInstanceImage()]);
    image = img;
    imageServer = await serveFile(image.path, '/instance.raw');
    for (const disk of disks) await exec('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
    const apiPort = await freePort();
    const bootPort = await freePort();
    agentPorts.push(await freePort(), await freePort());
    restoreFetch = mapGuestHostForBmc();
    fleet = await startFleet({
      count: 2,
      singlePort: 0,
      hardware: { nics: 1 },
      backend: QemuMachine.factory((ctx) => ({
        memoryMiB: 512,
        disk: disks[ctx.index]!,
        serialLog: serial[ctx.index]!,
        netdevOptions: [
          `hostfwd=tcp:127.0.0.1:${agentPorts[ctx.index]}-:9999`,
          `bootfile=http://10.0.2.2:${bootPort}/boot.ipxe`,
        ],
      })),
    });
    // The boot HTTP root is served from this process, as a separate web server would serve it: killing
    // Ferric below must not take the iPXE scripts and ISOs of the other node down.
    configureBoot({ dataDir: join(ARTIFACTS, 'ferric', 'boot') });
    bootHttp = await startBootServices({ host: '127.0.0.1', httpPort: bootPort, tftpPort: false });
    ferric = new FerricProcess(
      {
        E2E_DATA_DIR: join(ARTIFACTS, 'ferric'),
        E2E_API_PORT: String(apiPort),
        E2E_BOOT_PORT: String(bootPort),
        E2E_INSPECTION_PORT: String(await freePort()),
        E2E_EXTERNAL_BOOT_HTTP: '1',
        E2E_DEPLOY_KERNEL: ramdisk.kernel,
        E2E_DEPLOY_RAMDISK: ramdisk.initramfs,
      },
      join(ARTIFACTS, 'ferric.log'),
    );
    await ferric.start();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    rest = new Rest(apiUrl);
  });

  afterAll(async () => {
    await ferric?.stop();
    await fleet?.close();
    await bootHttp?.stop();
    await imageServer?.close();
    restoreFetch?.();
    if (failed) process.stderr.write(`\ne2e artifacts (serial logs, ferric.log, disks): ${ARTIFACTS}\n`);
    else if (!process.env.E2E_KEEP_ARTIFACTS) rmSync(ARTIFACTS, { recursive: true, force: true });
  });

  const imageUrl = () => `http://10.0.2.2:${imageServer!.port}/instance.raw`;

  async function baremetal(...args: string[]): Promise<string> {
    const { stdout } = await exec('baremetal', args, {
      env: { ...process.env, OS_ENDPOINT: apiUrl, OS_AUTH_TYPE: 'none' },
      timeout: STATE_TIMEOUT + 60_000,
    });
    return stdout;
  }

  /** Waits for `text` on the serial console of VM `index` (the instance prints its command line). */
  async function waitForSerial(index: number, text: string): Promise<void> {
    const end = Date.now() + 120_000;
    while (
      !readFileSync(serial[index]!, 'utf8').includes(`${INSTANCE_MARKER}`) ||
      !readFileSync(serial[index]!, 'utf8').includes(text)
    ) {
      if (Date.now() > end) throw new Error(`VM ${index} did not print ${text}`);
      await sleep(1000);
    }
  }

  /** The VM booted the instance from its disk, and the disk holds exactly the image. */
  async function expectInstanceOnDisk(index: number): Promise<void> {
    // Only the disk image's boot loader config passes ferric_instance=e2e.
    await waitForSerial(index, 'ferric_instance=e2e');
    // -U: the running VM holds the image lock; the instance does not write.
    await exec('qemu-img', ['compare', '-U', '-f', 'qcow2', '-F', 'raw', disks[index]!, image.path]);
  }

  async function enrolWithCli(index: number): Promise<string> {
    const bmc = fleet!.bmcs[index]!;
    const created = JSON.parse(
      await baremetal(
        'node',
        'create',
        '-f',
        'json',
        '--driver',
        'redfish',
        '--name',
        'e2e-ipxe',
        '--boot-interface',
        'ipxe',
        '--deploy-interface',
        'direct',
        '--driver-info',
        `redfish_address=${bmc.url}`,
        '--driver-info',
        `redfish_system_id=${bmc.systemPath}`,
        '--driver-info',
        `redfish_username=${bmc.username}`,
        '--driver-info',
        `redfish_password=${bmc.password}`,
        '--driver-info',
        `agent_callback_url=http://127.0.0.1:${agentPorts[index]}`,
      ),
    ) as { uuid: string };
    // pxe_enabled defaults to true (the CLI would send the string "true", which the API refuses).
    await baremetal('port', 'create', bmc.macs[0]!, '--node', created.uuid);
    return created.uuid;
  }

  async function enrolWithRest(index: number): Promise<string> {
    const bmc = fleet!.bmcs[index]!;
    const node = await rest.call<NodeView>('POST', '/v1/nodes', {
      name: 'e2e-vmedia',
      driver: 'redfish',
      boot_interface: 'redfish-virtual-media',
      deploy_interface: 'direct',
      inspect_interface: 'agent',
      driver_info: {
        redfish_address: bmc.url,
        redfish_system_id: bmc.systemPath,
        redfish_username: bmc.username,
        redfish_password: bmc.password,
        agent_callback_url: `http://127.0.0.1:${agentPorts[index]}`,
      },
    });
    // No port: in-band inspection discovers the NIC and creates it.
    return node.uuid;
  }

  it('enrols, inspects, cleans, deploys (direct and ramdisk; surviving a conductor crash in write_image) and undeploys two VMs', async () => {
    try {
      const [a, b] = await Promise.all([enrolWithCli(0), enrolWithRest(1)]);

      // manage → provide (automated cleaning boots the agent: erase_devices_metadata)
      await Promise.all([
        (async () => {
          await baremetal('node', 'manage', a, '--wait', '300');
          await baremetal('node', 'provide', a, '--wait', '300');
        })(),
        (async () => {
          await rest.provision(b, 'manage');
          await rest.waitFor(b, 'manageable', STATE_TIMEOUT);
          // In-band inspection: the agent boots from virtual media and posts its inventory.
          await rest.provision(b, 'inspect');
          await rest.waitFor(b, 'manageable', STATE_TIMEOUT);
          const inspected = await rest.call<{ properties: Record<string, unknown> }>('GET', `/v1/nodes/${b}`);
          expect(inspected.properties).toMatchObject({ cpus: 1, cpu_arch: 'x86_64', local_gb: 0 });
          expect(Number(inspected.properties.memory_mb)).toBeGreaterThan(300);
          const ports = await rest.call<{ ports: { address: string }[] }>('GET', `/v1/nodes/${b}/ports`);
          expect(ports.ports.map((p) => p.address)).toEqual([fleet!.bmcs[1]!.macs[0]!.toLowerCase()]);
          await rest.provision(b, 'provide');
          await rest.waitFor(b, 'available', STATE_TIMEOUT);
        })(),
      ]);
      expect((await rest.node(a)).provision_state).toBe('available');

      // Node A, with the baremetal CLI (iPXE): direct deploy, then undeploy (cleaning wipes the disk).
      await baremetal(
        'node',
        'set',
        a,
        '--instance-info',
        `image_source=${imageUrl()}`,
        '--instance-info',
        'image_os_hash_algo=sha256',
        '--instance-info',
        `image_os_hash_value=${image.sha256}`,
      );
      await baremetal('node', 'deploy', a, '--wait', '300');
      expect((await rest.node(a)).provision_state).toBe('active');
      await expectInstanceOnDisk(0);
      await baremetal('node', 'undeploy', a, '--wait', '300');
      await expectDiskWiped(0);

      // In parallel: B (REST, virtual media) direct deploy with the conductor SIGKILLed while the agent
      // writes the image; A (REST) ramdisk deploy — the instance kernel/initramfs booted over iPXE.
      await Promise.all([deployThroughCrash(b), deployRamdisk(a)]);
      expect((await rest.node(b)).last_error).toBeNull();
      await expectInstanceOnDisk(1);

      // Undeploy both (tear down, then automated cleaning through the agent) → available.
      await Promise.all([
        baremetal('node', 'undeploy', a, '--wait', '300'),
        (async () => {
          await rest.provision(b, 'deleted');
          await rest.waitFor(b, 'available', STATE_TIMEOUT);
        })(),
      ]);
      for (const uuid of [a, b]) {
        const n = await rest.node(uuid);
        expect(n.provision_state).toBe('available');
        expect(n.power_state).toBe('power off');
      }
      await expectDiskWiped(1);
    } catch (err) {
      failed = true;
      throw err;
    }
  });

  /** Cleaning erased the partition table: the disk no longer equals the image. */
  async function expectDiskWiped(index: number): Promise<void> {
    await expect(
      exec('qemu-img', ['compare', '-U', '-q', '-f', 'qcow2', '-F', 'raw', disks[index]!, image.path]),
    ).rejects.toThrow();
  }

  async function deployThroughCrash(b: string): Promise<void> {
    await rest.call('PATCH', `/v1/nodes/${b}`, [
      { op: 'add', path: '/instance_info/image_source', value: imageUrl() },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: image.sha256 },
    ]);
    await rest.provision(b, 'active');
    let killed = false;
    const end = Date.now() + STATE_TIMEOUT;
    while (!killed && Date.now() < end) {
      const n = await rest.node(b);
      if (n.provision_state.endsWith('failed')) throw new Error(`deploy failed: ${n.last_error}`);
      if (n.provision_state === 'wait call-back' && n.deploy_step?.step === 'write_image') {
        await ferric!.kill();
        killed = true;
      } else {
        await sleep(100);
      }
    }
    expect(killed).toBe(true);
    await sleep(2000);
    await ferric!.start();
    await rest.waitFor(b, 'active', STATE_TIMEOUT);
  }

  async function deployRamdisk(a: string): Promise<void> {
    await rest.retrying(() =>
      rest.call('PATCH', `/v1/nodes/${a}`, [
        { op: 'replace', path: '/deploy_interface', value: 'ramdisk' },
        { op: 'add', path: '/instance_info/kernel', value: image.kernel },
        { op: 'add', path: '/instance_info/ramdisk', value: image.initrd },
        {
          op: 'add',
          path: '/instance_info/ramdisk_kernel_arguments',
          value: 'console=ttyS0 ferric_instance=ramdisk',
        },
      ]),
    );
    await rest.retrying(() => rest.provision(a, 'active'));
    await rest.waitFor(a, 'active', STATE_TIMEOUT);
    await waitForSerial(0, 'ferric_instance=ramdisk');
  }
});
