import {
  DriverOperationError,
  InspectInterface,
  isFerricError,
  type JsonObject,
  type PropertyDescriptions,
  ProvisionState,
  type Task,
} from '@ferric/core';
import { redfishContext } from './common.js';
import { parseDriverInfo, REDFISH_PROPERTIES } from './driver-info.js';
import { collectInventory, inventoryToJson } from './inventory.js';

/** `driver_internal_info` key holding the MACs inspection found, for the runtime to create ports from. @public */
export const DISCOVERED_MACS_KEY = 'redfish_discovered_macs';

/**
 * `redfish` inspect (Ironic `RedfishInspect`): out-of-band inspection through the
 * BMC. Sets `properties.cpus`, `cpu_arch`, `memory_mb`, `local_gb` (the smallest
 * disk or volume of at least 4 GiB, minus 1 GiB, as Ironic does), saves the
 * IPA-shaped inventory in `driver_internal_info.inventory`, and reports the MACs of
 * enabled NICs — `inventory.interfaces[].mac_address` and the list
 * `driver_internal_info.redfish_discovered_macs` — and creates a port for each new one.
 * Fails when `cpu_arch` or `memory_mb` cannot be discovered; a diskless node gets
 * `local_gb: 0` and a warning.
 * @public
 */
export class RedfishInspect extends InspectInterface {
  getProperties(): PropertyDescriptions {
    return REDFISH_PROPERTIES;
  }

  validate(task: Task): void {
    parseDriverInfo(task.node.driverInfo);
  }

  async inspectHardware(task: Task): Promise<typeof ProvisionState.MANAGEABLE> {
    const ctx = await redfishContext(task);
    const inventory = await collectInventory(ctx);
    for (const { path, reason } of inventory.unreadable ?? []) {
      // Ironic inspects with what it can read: an optional part the BMC fails to serve is logged, not fatal.
      task.logger.warn(
        { node: task.node.uuid, path, reason },
        'Redfish inspection skipped an unreadable resource',
      );
    }
    const { properties } = inventory;
    const missing = ['cpu_arch', 'memory_mb'].filter((key) => !(key in properties));
    if (missing.length > 0) {
      throw new DriverOperationError(
        `Redfish inspection of node ${task.node.uuid} could not discover ${missing.join(', ')} from the BMC at ${ctx.client.address}.`,
        { details: { missing } },
      );
    }
    if (properties.local_gb === undefined) {
      task.logger.warn(
        { node: task.node.uuid },
        'Redfish inspection found no disk of at least 4 GiB; local_gb set to 0',
      );
    }
    const updates: JsonObject = { local_gb: properties.local_gb ?? 0 };
    if (properties.cpus !== undefined) updates.cpus = properties.cpus;
    if (properties.cpu_arch !== undefined) updates.cpu_arch = properties.cpu_arch;
    if (properties.memory_mb !== undefined) updates.memory_mb = properties.memory_mb;
    task.node.properties = { ...task.node.properties, ...updates };
    const macs = [
      ...new Set(inventory.interfaces.filter((n) => n.enabled && n.mac !== null).map((n) => n.mac as string)),
    ];
    task.node.driverInternalInfo = {
      ...task.node.driverInternalInfo,
      inventory: inventoryToJson(inventory),
      [DISCOVERED_MACS_KEY]: macs,
    };
    const known = new Set(task.ports.map((p) => p.address.toLowerCase()));
    const fresh = macs.filter((m) => !known.has(m));
    for (const mac of fresh) {
      try {
        await task.createPort({ address: mac, pxeEnabled: true });
      } catch (error) {
        // A MAC already enrolled on another node is an operator's mix-up, not an inspection failure.
        if (!isFerricError(error) || error.code !== 'DuplicateEntry') throw error;
        task.logger.warn(
          { node: task.node.uuid, mac },
          'discovered MAC belongs to another node; no port created',
        );
      }
    }
    task.logger.info(
      { node: task.node.uuid, ...updates, macs: macs.length, newMacs: fresh.length },
      'Redfish inspection finished',
    );
    return ProvisionState.MANAGEABLE;
  }
}
