import { AbstractHardwareType, NoConsole, NoVendor } from '@ferric/core';
import { IpmitoolSocatConsole } from './console.js';
import { IpmitoolManagement } from './management.js';
import { IpmitoolPower } from './power.js';

/**
 * `ipmi`: servers managed through an IPMI v2.0 BMC (Ironic `IPMIHardware`).
 * Boot and deploy implementations are preferred by their registered names, so
 * they are used as soon as their packages are loaded.
 * @public
 */
export class IpmiHardware extends AbstractHardwareType {
  readonly supportedPowerInterfaces = [IpmitoolPower];
  readonly supportedManagementInterfaces = [IpmitoolManagement];
  readonly supportedBootInterfaces = ['ipxe', 'pxe', 'http-ipxe', 'http'];
  readonly supportedDeployInterfaces = ['direct', 'ramdisk', 'custom-agent'];
  // no-console first, as in Ironic's defaults: a console opens a TCP port, so it is chosen explicitly.
  override readonly supportedConsoleInterfaces = [NoConsole, IpmitoolSocatConsole];
  override readonly supportedVendorInterfaces = [NoVendor];
}
