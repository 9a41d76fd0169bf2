import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { NetworkInterface, type VifInfo } from '../../interfaces/network.js';
import type { JsonObject, Task } from '../../task.js';

/** `fake` network: keeps attached VIFs in `driver_internal_info.fake_vifs`. @public */
export class FakeNetwork extends NetworkInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  async portChanged(): Promise<void> {}
  async vifAttach(task: Task, vif: VifInfo): Promise<void> {
    const vifs = (task.node.driverInternalInfo.fake_vifs ?? []) as JsonObject[];
    task.node.driverInternalInfo.fake_vifs = [
      ...vifs.filter((v) => v.id !== vif.id),
      { ...(vif as JsonObject) },
    ];
  }
  async vifDetach(task: Task, vifId: string): Promise<void> {
    const vifs = (task.node.driverInternalInfo.fake_vifs ?? []) as JsonObject[];
    task.node.driverInternalInfo.fake_vifs = vifs.filter((v) => v.id !== vifId);
  }
  async vifList(task: Task): Promise<VifInfo[]> {
    return ((task.node.driverInternalInfo.fake_vifs ?? []) as JsonObject[]).map((v) => ({
      ...v,
      id: String(v.id),
    }));
  }
  async addProvisioningNetwork(): Promise<void> {}
  async removeProvisioningNetwork(): Promise<void> {}
  async configureTenantNetworks(): Promise<void> {}
  async unconfigureTenantNetworks(): Promise<void> {}
  async addCleaningNetwork(): Promise<void> {}
  async removeCleaningNetwork(): Promise<void> {}
}
