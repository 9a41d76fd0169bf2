/**
 * `@ferric/drivers-redfish`: Ferric's `redfish` hardware type — a small, solid
 * Redfish client and Ironic-named `redfish` power, management, inspect, bios, raid,
 * firmware and vendor interfaces. The default export is the plugin runtimes load.
 *
 * @packageDocumentation
 */
import { redfishPlugin } from './plugin.js';

export { BIOS_SETTINGS_KEY, RedfishBIOS } from './bios.js';
// Client
export {
  RedfishClient,
  type RedfishClientOptions,
  type RedfishRequestOptions,
  type RedfishResponse,
} from './client/client.js';
export { extendedInfo } from './client/messages.js';
export {
  closeRedfishClients,
  configureRedfish,
  getRedfishClient,
  type RedfishDriverSettings,
  redfishSettings,
} from './client/registry.js';
export { TaskMonitor, type TaskStatus, type TaskWaitOptions } from './client/task-monitor.js';
export {
  isResource,
  linkOf,
  memberLinks,
  type ODataLink,
  type RedfishDocument,
  type RedfishResource,
  type RedfishValue,
} from './client/types.js';
export { type RedfishContext, redfishContext } from './common.js';
// driver_info
export {
  normaliseSystemId,
  type ParsedRedfishAddress,
  parseDriverInfo,
  parseRedfishAddress,
  REDFISH_PROPERTIES,
  type RedfishAuthType,
  type RedfishBootHint,
  type RedfishDriverInfo,
} from './driver-info.js';
// Errors
export {
  RedfishAuthenticationError,
  RedfishConnectionError,
  RedfishError,
  type RedfishErrorOptions,
  type RedfishMessageInfo,
  RedfishResourceNotFound,
  RedfishTaskError,
} from './errors.js';
export {
  FIRMWARE_COMPONENTS_KEY,
  FIRMWARE_UPDATES_KEY,
  RedfishFirmware,
} from './firmware.js';
export { RedfishHardware } from './hardware-type.js';
export { DISCOVERED_MACS_KEY, RedfishInspect } from './inspect.js';
// Inventory
export {
  collectInventory,
  cpuArchOf,
  type DiskInfo,
  type EthernetInterfaceInfo,
  type InventorySource,
  inventoryToJson,
  parseEthernetInterface,
  parseInventory,
  type RedfishInventory,
  type UnreadableResource,
} from './inventory.js';
export { BOOT_DEVICE_MAP, RedfishManagement } from './management.js';
// Plugin and hardware type
export { redfishPlugin } from './plugin.js';
// Interfaces
export { DEFAULT_POWER_TIMEOUT, DEFAULT_SOFT_POWER_TIMEOUT, RedfishPower } from './power.js';
export { type LogicalDisk, RAID_CONFIG_KEY, RedfishRAID } from './raid.js';
export { type EventSubscription, RedfishVendor } from './vendor.js';

export default redfishPlugin;
