import { definePlugin, type FerricPlugin } from '@ferric/core';
import { IpmiHardware } from './hardware-type.js';
import { IpmitoolManagement } from './management.js';
import { IpmitoolPower } from './power.js';

/**
 * What `@ferric/drivers-ipmi` registers, under Ironic's names: the `ipmi`
 * hardware type and the `ipmitool` power and management implementations.
 * @public
 */
export const ipmiPlugin: FerricPlugin = definePlugin({
  name: '@ferric/drivers-ipmi',
  hardwareTypes: { ipmi: IpmiHardware },
  interfaces: {
    power: { ipmitool: IpmitoolPower },
    management: { ipmitool: IpmitoolManagement },
  },
});
