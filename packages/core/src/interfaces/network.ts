import type { PortData, Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** A virtual interface attached to a node. @public */
export interface VifInfo {
  id: string;
  [key: string]: unknown;
}

/**
 * Network plumbing for provisioning, cleaning, rescue and tenant networks (Ironic
 * `NetworkInterface`). Optional phases default to no-ops.
 * @public
 */
export abstract class NetworkInterface extends BaseInterface {
  get interfaceType(): 'network' {
    return 'network';
  }
  /** What the implementation offers (e.g. `metadata`). */
  readonly capabilities: readonly string[] = [];

  abstract portChanged(task: Task, port: PortData): Promise<void>;
  abstract vifAttach(task: Task, vif: VifInfo): Promise<void>;
  abstract vifDetach(task: Task, vifId: string): Promise<void>;
  abstract vifList(task: Task): Promise<VifInfo[]>;
  abstract addProvisioningNetwork(task: Task): Promise<void>;
  abstract removeProvisioningNetwork(task: Task): Promise<void>;
  abstract configureTenantNetworks(task: Task): Promise<void>;
  abstract unconfigureTenantNetworks(task: Task): Promise<void>;
  abstract addCleaningNetwork(task: Task): Promise<void>;
  abstract removeCleaningNetwork(task: Task): Promise<void>;

  async addRescuingNetwork(_task: Task): Promise<void> {}
  async removeRescuingNetwork(_task: Task): Promise<void> {}
  async addInspectionNetwork(_task: Task): Promise<void> {}
  async removeInspectionNetwork(_task: Task): Promise<void> {}
  async addServicingNetwork(_task: Task): Promise<void> {}
  async removeServicingNetwork(_task: Task): Promise<void> {}
  /** Whether the node must be powered on to change its networks. */
  needPowerOn(_task: Task): boolean {
    return false;
  }
}
