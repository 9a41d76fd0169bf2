import type { IpmiBackend } from './backend.js';
import { IpmiClient, type IpmiTarget } from './client/client.js';
import { type BootFlags, type BootFlagsReading, getBootFlags, setBootFlags } from './commands/boot.js';
import { type ChassisControlOperation, chassisControl, getChassisStatus } from './commands/chassis.js';
import type { CommandRunner } from './commands/runner.js';
import { readAllSensors, type SensorReading } from './commands/sensors.js';
import type { IpmiDriverInfo } from './driver-info.js';
import { IpmiCompletionCodeError } from './errors.js';
import { Command, NetFn } from './protocol/constants.js';

/**
 * Interface implementations are process-wide singletons, so the native clients
 * are too: one per retry policy, each with one UDP socket and a session pool
 * shared by every node with that policy.
 */
const clients = new Map<string, IpmiClient>();

/**
 * The shared native client for a retry policy.
 * @public
 */
export function sharedIpmiClient(requestTimeoutMs: number, retries: number): IpmiClient {
  const key = `${requestTimeoutMs}/${retries}`;
  let client = clients.get(key);
  if (!client) {
    client = new IpmiClient({ timeoutMs: requestTimeoutMs, retries });
    clients.set(key, client);
  }
  return client;
}

/**
 * Close every shared native client (sessions get Close Session). Call on shutdown.
 * @public
 */
export async function closeSharedIpmiClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}

/** The target of a node, derived from its driver_info. */
export function targetOf(info: IpmiDriverInfo): IpmiTarget {
  return {
    host: info.address,
    port: info.port,
    username: info.username,
    password: info.password,
    privilege: info.privilege,
    ...(info.cipherSuite !== undefined ? { cipherSuite: info.cipherSuite } : {}),
  };
}

/**
 * The default backend: Ferric's own RMCP+ client.
 * @public
 */
export class NativeIpmiBackend implements IpmiBackend {
  private run<T>(info: IpmiDriverInfo, fn: (runner: CommandRunner) => Promise<T>): Promise<T> {
    return sharedIpmiClient(info.requestTimeoutMs, info.retries).withSession(
      targetOf(info),
      fn,
      info.node !== undefined ? { owner: info.node } : {},
    );
  }

  async isPoweredOn(info: IpmiDriverInfo): Promise<boolean> {
    return (await this.run(info, (s) => getChassisStatus(s))).powerOn;
  }

  async chassisControl(info: IpmiDriverInfo, operation: ChassisControlOperation): Promise<void> {
    await this.run(info, (s) => chassisControl(s, operation));
  }

  async setBootFlags(info: IpmiDriverInfo, flags: BootFlags): Promise<void> {
    await this.run(info, async (s) => {
      if (info.disableBootTimeout) {
        try {
          // Parameter 3 (boot info acknowledge / flag valid bit clearing): 0x08 keeps the flags past the 60 s timeout.
          await s.request(NetFn.chassis, Command.setSystemBootOptions, Buffer.from([0x03, 0x08]));
        } catch (err) {
          // Optional parameter: a BMC without it still honours parameter 5.
          if (!(err instanceof IpmiCompletionCodeError)) throw err;
        }
      }
      await setBootFlags(s, flags);
    });
  }

  getBootFlags(info: IpmiDriverInfo): Promise<BootFlagsReading> {
    return this.run(info, (s) => getBootFlags(s));
  }

  readSensors(info: IpmiDriverInfo): Promise<SensorReading[]> {
    return this.run(info, (s) => readAllSensors(s));
  }
}
