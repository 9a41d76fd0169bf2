import type { JsonObject } from '@ferric/core';
import type { NodeRecord } from './model.js';

/**
 * Where RAID interfaces record the configuration they built: `raid_config` (redfish, as Ironic's
 * `raid.update_raid_info`) or `fake_raid_config` (the fake interface).
 */
const BUILT_RAID_KEYS = ['raid_config', 'fake_raid_config'] as const;

/** Drivers read the target from `properties.target_raid_config` (core's RAID interface contract). */
export const TARGET_RAID_PROPERTY = 'target_raid_config';

/**
 * Keeps the node's read-only `raidConfig` (API `raid_config`) equal to what its RAID interface
 * reports having built (`{}` when nothing is). Called before every save of a node.
 */
export function deriveRaidConfig(node: NodeRecord): void {
  let built: JsonObject = {};
  for (const key of BUILT_RAID_KEYS) {
    const v = node.driverInternalInfo[key];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      built = v;
      break;
    }
  }
  if (JSON.stringify(built) !== JSON.stringify(node.raidConfig)) node.raidConfig = structuredClone(built);
}

/** Stores the target RAID config on the node and where RAID interfaces read it. */
export function applyTargetRaidConfig(node: NodeRecord, target: JsonObject): void {
  node.targetRaidConfig = structuredClone(target);
  const properties = { ...node.properties };
  if (Object.keys(target).length === 0) delete properties[TARGET_RAID_PROPERTY];
  else properties[TARGET_RAID_PROPERTY] = structuredClone(target);
  node.properties = properties;
}
