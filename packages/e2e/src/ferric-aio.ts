#!/usr/bin/env node
/**
 * Ferric all-in-one for the end-to-end test: `ferric serve` (API + conductor, SQLite) with the redfish,
 * iPXE, virtual-media and agent plugins loaded, plus the boot HTTP service. Everything is configured
 * from the environment (see {@link readEnv}); stop with SIGTERM, or SIGKILL it to test resumption.
 */
import 'reflect-metadata';
import { agentPlugin, configureAgent } from '@ferric/agent';
import { loadServeConfig, startService } from '@ferric/api';
import { configureBoot, startBootServices } from '@ferric/boot-common';
import { ipxePlugin } from '@ferric/boot-ipxe';
import { vmediaPlugin } from '@ferric/boot-vmedia';
import { redfishPlugin } from '@ferric/drivers-redfish';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

async function main(): Promise<void> {
  const dataDir = env('E2E_DATA_DIR');
  const apiPort = Number(env('E2E_API_PORT'));
  const bootPort = Number(env('E2E_BOOT_PORT'));
  // What the VMs see: QEMU user networking maps the host's 127.0.0.1 to 10.0.2.2.
  const guestHost = process.env.E2E_GUEST_HOST ?? '10.0.2.2';
  configureBoot({
    dataDir: `${dataDir}/boot`,
    httpUrl: `http://${guestHost}:${bootPort}`,
    deployKernel: env('E2E_DEPLOY_KERNEL'),
    deployRamdisk: env('E2E_DEPLOY_RAMDISK'),
    defaultBootMode: 'bios',
    kernelAppendParams: 'console=ttyS0',
  });
  configureAgent({
    apiUrl: `http://${guestHost}:${apiPort}`,
    heartbeatInterval: 2,
    commandTimeoutMs: 60_000,
  });
  const boot = await startBootServices({ host: '127.0.0.1', httpPort: bootPort, tftpPort: false });
  const config = loadServeConfig({
    overrides: {
      host: '127.0.0.1',
      port: apiPort,
      dataDir,
      logLevel: process.env.E2E_LOG_LEVEL ?? 'info',
      conductor: {
        host: 'e2e-conductor',
        enabledHardwareTypes: ['redfish', 'fake-hardware'],
        heartbeatInterval: 2,
        syncPowerStateInterval: 3600,
      },
    },
  });
  const service = await startService({
    config,
    plugins: [redfishPlugin, ipxePlugin, vmediaPlugin, agentPlugin],
  });
  process.stdout.write(`E2E-FERRIC-READY ${service.url}\n`);
  const stop = async () => {
    await service.stop();
    await boot.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`ferric-aio: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
