import { mkdir } from 'node:fs/promises';
import { type Logger, silentLogger } from '@ferric/core';
import { getBootConfig } from './config.js';
import { BootHttpServer } from './http/boot-http-server.js';
import { sweepExpiredLeases } from './http/leases.js';
import { TftpServer } from './tftp/tftp-server.js';

/** Options of {@link startBootServices}. @public */
export interface BootServicesOptions {
  /** Address both servers bind. Default `0.0.0.0`. */
  host?: string;
  /** TFTP port, or `false` for no TFTP server (dnsmasq or tftpd-hpa serves the root). Default 69. */
  tftpPort?: number | false;
  /** HTTP port, or `false` for no HTTP server (an external web server serves the root). Default 8088. */
  httpPort?: number | false;
  /** How often expired per-node HTTP files are deleted, in seconds; 0 disables. Default 300. */
  sweepIntervalSeconds?: number;
  logger?: Logger;
}

/** Running boot services, from {@link startBootServices}. @public */
export interface BootServices {
  readonly tftp: TftpServer | null;
  readonly http: BootHttpServer | null;
  /** Stop both servers and the sweeper. */
  stop(): Promise<void>;
}

/**
 * Start the boot services a conductor embeds — the TFTP server on
 * `getBootConfig().tftpRoot` and the HTTP file service on `httpRoot` — plus a
 * sweeper deleting expired per-node files. Call {@link configureBoot} first.
 * @public
 */
export async function startBootServices(options: BootServicesOptions = {}): Promise<BootServices> {
  const config = getBootConfig();
  const logger = options.logger ?? silentLogger;
  await mkdir(config.tftpRoot, { recursive: true });
  await mkdir(config.httpRoot, { recursive: true });
  const host = options.host ?? '0.0.0.0';
  const tftp =
    options.tftpPort === false
      ? null
      : new TftpServer({ root: config.tftpRoot, host, port: options.tftpPort ?? 69, logger });
  const http =
    options.httpPort === false
      ? null
      : new BootHttpServer({ root: config.httpRoot, host, port: options.httpPort ?? 8088, logger });
  await tftp?.start();
  try {
    await http?.start();
  } catch (error) {
    await tftp?.stop();
    throw error;
  }
  const spacing = options.sweepIntervalSeconds ?? 300;
  const timer =
    spacing > 0
      ? setInterval(() => {
          sweepExpiredLeases(config.httpRoot).catch((err: unknown) =>
            logger.warn({ err }, 'lease sweep failed'),
          );
        }, spacing * 1000)
      : null;
  timer?.unref();
  return {
    tftp,
    http,
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all([tftp?.stop(), http?.stop()]);
    },
  };
}
