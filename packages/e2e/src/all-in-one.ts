import { agentPlugin, configureAgent } from '@ferric/agent';
import { type FerricService, loadServeConfig, startService } from '@ferric/api';
import { configureBoot, startBootServices } from '@ferric/boot-common';
import { ipxePlugin } from '@ferric/boot-ipxe';
import { vmediaPlugin } from '@ferric/boot-vmedia';
import { redfishPlugin } from '@ferric/drivers-redfish';
import { type InspectionCallback, startInspectionCallback } from './inspection-callback.js';

/** Whether the API already routes `POST /v1/continue_inspection` (anything but 404/405 to an empty body). */
async function apiServesContinueInspection(apiUrl: string): Promise<boolean> {
  const r = await fetch(`${apiUrl}/v1/continue_inspection`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' },
    body: '{}',
  });
  return r.status !== 404 && r.status !== 405;
}

/** Options of {@link startAllInOne}. @public */
export interface AllInOneOptions {
  /** SQLite database and boot files live below it; reuse it to restart on the same state. */
  dataDir: string;
  /** API port on 127.0.0.1. */
  apiPort: number;
  /** Boot HTTP service port on 127.0.0.1 (iPXE scripts, kernels, ISOs). */
  bootPort: number;
  /** The agent kernel and initramfs (configureBoot's `deployKernel`/`deployRamdisk`). */
  deployKernel: string;
  deployRamdisk: string;
  /** The host as the VMs see it. Default `10.0.2.2` (QEMU user networking). */
  guestHost?: string;
  /**
   * Port of the in-band inspection callback stand-in ({@link startInspectionCallback}); none when
   * omitted or when the API serves `/v1/continue_inspection` itself.
   */
  inspectionPort?: number;
  /**
   * Serve the boot HTTP root from this process. Default true; false when a separate web server (nginx,
   * `ferric-boot-services`) serves `<dataDir>/boot/httpboot` — then a conductor crash does not take the
   * iPXE scripts and ISOs down with it.
   */
  serveBootFiles?: boolean;
  /** pino level. Default `info`. */
  logLevel?: string;
}

/** A running all-in-one. @public */
export interface AllInOne {
  readonly service: FerricService;
  stop(): Promise<void>;
}

/**
 * Ferric all-in-one as the end-to-end test runs it: `startService` from `@ferric/api` (API + conductor,
 * SQLite, fixed conductor host so a restart resumes its own nodes) with the `redfish`, `ipxe`,
 * `redfish-virtual-media` and agent plugins, plus the boot HTTP service, everything on 127.0.0.1.
 * @public
 */
export async function startAllInOne(options: AllInOneOptions): Promise<AllInOne> {
  const guestHost = options.guestHost ?? '10.0.2.2';
  configureBoot({
    dataDir: `${options.dataDir}/boot`,
    httpUrl: `http://${guestHost}:${options.bootPort}`,
    deployKernel: options.deployKernel,
    deployRamdisk: options.deployRamdisk,
    defaultBootMode: 'bios',
    kernelAppendParams: 'console=ttyS0',
  });
  configureAgent({
    apiUrl: `http://${guestHost}:${options.apiPort}`,
    heartbeatInterval: 2,
    commandTimeoutMs: 60_000,
  });

  const boot =
    options.serveBootFiles === false
      ? null
      : await startBootServices({ host: '127.0.0.1', httpPort: options.bootPort, tftpPort: false });
  const config = loadServeConfig({
    overrides: {
      host: '127.0.0.1',
      port: options.apiPort,
      dataDir: options.dataDir,
      logLevel: options.logLevel ?? 'info',
      conductor: {
        host: 'e2e-conductor',
        enabledHardwareTypes: ['redfish', 'fake-hardware'],
        syncPowerStateInterval: 3600,
      },
    },
  });
  let service: FerricService;
  try {
    service = await startService({
      config,
      plugins: [redfishPlugin, ipxePlugin, vmediaPlugin, agentPlugin],
    });
  } catch (err) {
    await boot?.stop();
    throw err;
  }
  let inspection: InspectionCallback | undefined;
  if (options.inspectionPort !== undefined && !(await apiServesContinueInspection(service.url))) {
    inspection = await startInspectionCallback(service.conductor.rpc, '127.0.0.1', options.inspectionPort!);
    configureAgent({
      inspectionCallbackUrl: `http://${guestHost}:${inspection.port}/v1/continue_inspection`,
    });
  }
  return {
    service,
    async stop() {
      await inspection?.close();
      await service.stop();
      await boot?.stop();
    },
  };
}
