import { definePlugin, type FerricPlugin } from '@ferric/core';
import { RedfishBIOS } from './bios.js';
import { RedfishFirmware } from './firmware.js';
import { RedfishHardware } from './hardware-type.js';
import { RedfishInspect } from './inspect.js';
import { RedfishManagement } from './management.js';
import { RedfishPower } from './power.js';
import { RedfishRAID } from './raid.js';
import { RedfishVendor } from './vendor.js';

/**
 * What `@ferric/drivers-redfish` registers: hardware type `redfish` and the
 * `redfish` implementation of power, management, inspect, bios, raid, firmware and
 * vendor.
 * @public
 */
export const redfishPlugin: FerricPlugin = definePlugin({
  name: '@ferric/drivers-redfish',
  hardwareTypes: { redfish: RedfishHardware },
  interfaces: {
    power: { redfish: RedfishPower },
    management: { redfish: RedfishManagement },
    inspect: { redfish: RedfishInspect },
    bios: { redfish: RedfishBIOS },
    raid: { redfish: RedfishRAID },
    firmware: { redfish: RedfishFirmware },
    vendor: { redfish: RedfishVendor },
  },
});
