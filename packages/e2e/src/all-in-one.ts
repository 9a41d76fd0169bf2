import { configureAgent } from '@ferric/agent';
import { type FerricService, loadServeConfig, startService } from '@ferric/api';
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

/** The plugins of the end-to-end all-in-one, as `import()`-able file URLs (resolved from this package). */
const PLUGINS = ['@ferric/drivers-redfish', '@ferric/boot-ipxe', '@ferric/boot-vmedia', '@ferric/agent'].map(
  (p) => import.meta.resolve(p),
);

/**
 * Ferric all-in-one as the end-to-end test runs it: what `ferric serve` runs (`startService` from
 * `@ferric/api`: API + conductor, SQLite, fixed conductor host so a restart resumes its own nodes), with
 * its `plugins` (`redfish`, `ipxe`, `redfish-virtual-media`, agent), `boot` (with the boot HTTP service)
 * and `agent` config sections, everything on 127.0.0.1.
 * @public
 */
export async function startAllInOne(options: AllInOneOptions): Promise<AllInOne> {
  const guestHost = options.guestHost ?? '10.0.2.2';
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
      plugins: PLUGINS,
      boot: {
        dataDir: `${options.dataDir}/boot`,
        httpUrl: `http://${guestHost}:${options.bootPort}`,
        deployKernel: options.deployKernel,
        deployRamdisk: options.deployRamdisk,
        defaultBootMode: 'bios',
        kernelAppendParams: 'console=ttyS0',
        ...(options.serveBootFiles === false
          ? {}
          : { services: { host: '127.0.0.1', httpPort: options.bootPort, tftpPort: false } }),
      },
      agent: {
        apiUrl: `http://${guestHost}:${options.apiPort}`,
        heartbeatInterval: 2,
        commandTimeoutMs: 60_000,
      },
    },
  });
  const service = await startService({ config });
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
    },
  };
}
