import {
  InspectInterface,
  InvalidParameterValue,
  type JsonObject,
  PowerState,
  type PropertyDescriptions,
  ProvisionState,
  type Task,
} from '@ferric/core';
import { getAgentConfig } from '../config.js';
import { agentRamdiskParams, wipeAgentInfo } from '../deploy/agent-info.js';

interface InventoryInterface {
  mac_address?: string;
  ipv4_address?: string;
}
interface InventoryDisk {
  name?: string;
  size?: number;
}

/** Properties Ironic's inspector derives from an IPA inventory. @public */
export function propertiesFromInventory(inventory: Readonly<Record<string, unknown>>): JsonObject {
  const cpu = (inventory.cpu ?? {}) as { count?: number; architecture?: string };
  const memory = (inventory.memory ?? {}) as { physical_mb?: number; total?: number };
  const disks = (Array.isArray(inventory.disks) ? inventory.disks : []) as InventoryDisk[];
  const props: JsonObject = {};
  if (typeof cpu.count === 'number') props.cpus = cpu.count;
  if (typeof cpu.architecture === 'string') props.cpu_arch = cpu.architecture;
  const mb = memory.physical_mb ?? (memory.total ? Math.floor(memory.total / 1024 / 1024) : undefined);
  if (typeof mb === 'number') props.memory_mb = mb;
  // As Ironic: the root disk (first, without hints) in GiB, one GiB less for partitioning.
  const root = disks.find((d) => typeof d.size === 'number' && d.size > 0);
  if (root?.size) props.local_gb = Math.max(0, Math.floor(root.size / 1024 ** 3) - 1);
  return props;
}

/**
 * In-band inspection `agent` (Ironic `inspector`/`agent` inspect): boots the agent ramdisk with
 * `ipa-inspection-callback-url`; the agent posts its inventory to the API's `/v1/continue_inspection`,
 * which reaches {@link AgentInspect.continueInspection}: properties and ports are set, the node is
 * powered off and the ramdisk boot removed.
 * @public
 */
export class AgentInspect extends InspectInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }

  /** Checks that the API URL the ramdisk posts its inventory to is configured. */
  validate(_task: Task): void {
    if (!getAgentConfig().apiUrl) {
      throw new InvalidParameterValue('In-band inspection needs configureAgent({ apiUrl }).');
    }
  }

  async inspectHardware(task: Task): Promise<typeof ProvisionState.INSPECTWAIT> {
    await task.driver.boot.validateInspection(task);
    wipeAgentInfo(task);
    await task.save();
    const config = getAgentConfig();
    const endpoint = config.inspectionCallbackUrl ?? `${config.apiUrl}/v1/continue_inspection`;
    const callback = `${endpoint}?node_uuid=${task.node.uuid}`;
    await task.driver.boot.prepareRamdisk(
      task,
      agentRamdiskParams(task, { 'ipa-inspection-callback-url': callback }),
    );
    const power = await task.driver.power.getPowerState(task);
    if (power === PowerState.ON) await task.driver.power.reboot(task);
    else await task.driver.power.setPowerState(task, PowerState.ON);
    task.node.powerState = PowerState.ON;
    return ProvisionState.INSPECTWAIT;
  }

  override async continueInspection(task: Task, inventory: Readonly<Record<string, unknown>>): Promise<void> {
    task.node.properties = { ...task.node.properties, ...propertiesFromInventory(inventory) };
    const known = new Set(task.ports.map((p) => p.address.toLowerCase()));
    const interfaces = (
      Array.isArray(inventory.interfaces) ? inventory.interfaces : []
    ) as InventoryInterface[];
    for (const nic of interfaces) {
      const mac = nic.mac_address?.toLowerCase();
      if (!mac || known.has(mac) || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) continue;
      await task.createPort({ address: mac, pxeEnabled: Boolean(nic.ipv4_address) });
      known.add(mac);
    }
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
    await task.driver.boot.cleanUpRamdisk(task);
    wipeAgentInfo(task);
  }

  override async abort(task: Task): Promise<void> {
    await task.driver.power.setPowerState(task, PowerState.OFF);
    task.node.powerState = PowerState.OFF;
    await task.driver.boot.cleanUpRamdisk(task);
    wipeAgentInfo(task);
  }
}
