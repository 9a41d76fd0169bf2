import { definePlugin, type FerricPlugin } from '@ferric/core';
import { IpmitoolSocatConsole } from './console.js';
import { IpmiHardware } from './hardware-type.js';
import { IpmitoolManagement } from './management.js';
import { IpmitoolPower } from './power.js';

/**
 * What `@ferric/drivers-ipmi` registers, under Ironic's names: the `ipmi`
 * hardware type, the `ipmitool` power and management implementations and the
 * `ipmitool-socat` Serial-over-LAN console.
 * @public
 */
export const ipmiPlugin: FerricPlugin = definePlugin({
  name: '@ferric/drivers-ipmi',
  hardwareTypes: { ipmi: IpmiHardware },
  interfaces: {
    power: { ipmitool: IpmitoolPower },
    management: { ipmitool: IpmitoolManagement },
    console: { 'ipmitool-socat': IpmitoolSocatConsole },
  },
});
