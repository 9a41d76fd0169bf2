import { AbstractHardwareType, FakeBoot, NoConsole, NoopDeploy, NoVendor } from '@ferric/core';
import { IpmitoolSocatConsole } from './console.js';
import { IpmitoolManagement } from './management.js';
import { IpmitoolPower } from './power.js';

/**
 * `ipmi`: servers managed through an IPMI v2.0 BMC (Ironic `IPMIHardware`).
 * Boot and deploy implementations are preferred by their registered names, so
 * they are used as soon as their packages are loaded. With only this package
 * (and core) loaded, boot falls back to core's `fake` and deploy to `noop`, as
 * the `redfish` type does: the node can be enrolled, managed and powered.
 * @public
 */
export class IpmiHardware extends AbstractHardwareType {
  readonly supportedPowerInterfaces = [IpmitoolPower];
  readonly supportedManagementInterfaces = [IpmitoolManagement];
  readonly supportedBootInterfaces = ['ipxe', 'pxe', 'http-ipxe', 'http', FakeBoot];
  readonly supportedDeployInterfaces = ['direct', 'ramdisk', 'custom-agent', NoopDeploy];
  // no-console first, as in Ironic's defaults: a console opens a TCP port, so it is chosen explicitly.
  override readonly supportedConsoleInterfaces = [NoConsole, IpmitoolSocatConsole];
  override readonly supportedVendorInterfaces = [NoVendor];
}
