import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { NetworkInterface, type VifInfo } from '../../interfaces/network.js';

/**
 * `noop` network: nodes sit on one flat network managed outside Ferric, so every
 * network phase is a no-op (Ironic `NoopNetwork`).
 * @public
 */
export class NoopNetwork extends NetworkInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): void {}
  async portChanged(): Promise<void> {}
  async vifAttach(): Promise<void> {}
  async vifDetach(): Promise<void> {}
  async vifList(): Promise<VifInfo[]> {
    return [];
  }
  async addProvisioningNetwork(): Promise<void> {}
  async removeProvisioningNetwork(): Promise<void> {}
  async configureTenantNetworks(): Promise<void> {}
  async unconfigureTenantNetworks(): Promise<void> {}
  async addCleaningNetwork(): Promise<void> {}
  async removeCleaningNetwork(): Promise<void> {}
}
