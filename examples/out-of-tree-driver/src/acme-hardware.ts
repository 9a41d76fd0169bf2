import {
  AbstractHardwareType,
  FakeBoot,
  FakeDeploy,
  NoopManagement,
  NoVendor,
  type PeriodicContext,
  periodic,
} from '@ferric/core';
import { AcmePower } from './acme-power.js';
import { AcmeVendor } from './acme-vendor.js';

/**
 * The `acme` hardware type. Boot and deploy prefer Ferric's network boot and agent
 * deploy by name, so they are picked as soon as those packages are loaded; core's
 * fakes keep the type usable without them.
 */
export class AcmeHardware extends AbstractHardwareType {
  readonly supportedPowerInterfaces = [AcmePower];
  readonly supportedManagementInterfaces = [NoopManagement];
  readonly supportedBootInterfaces = ['ipxe', 'pxe', FakeBoot];
  readonly supportedDeployInterfaces = ['direct', FakeDeploy];
  override readonly supportedVendorInterfaces = [AcmeVendor, NoVendor];

  /** A periodic on the hardware type itself (the seed's `FakeDriver` example). */
  @periodic({ spacing: 300 })
  async reportFleetHealth(ctx: PeriodicContext): Promise<void> {
    ctx.logger.info({ host: ctx.host }, 'ACME fleet health report');
  }
}
