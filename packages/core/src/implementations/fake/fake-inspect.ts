import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { InspectInterface } from '../../interfaces/inspect.js';
import { ProvisionState } from '../../states/provision-states.js';
import type { Task } from '../../task.js';
import { fakeLatency } from './fake-latency.js';

/**
 * `fake` inspect: fills the essential properties (keeping values already set) with
 * a plausible small server, derived from the node's UUID so they are stable.
 * @public
 */
export class FakeInspect extends InspectInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  async inspectHardware(task: Task): Promise<typeof ProvisionState.MANAGEABLE> {
    await fakeLatency(task);
    const seed = Number.parseInt(task.node.uuid.replace(/-/g, '').slice(0, 2), 16) || 0;
    task.node.properties = {
      cpus: 2 + (seed % 4) * 2,
      cpu_arch: 'x86_64',
      memory_mb: 4096 * (1 + (seed % 4)),
      local_gb: 40 + (seed % 8) * 10,
      ...task.node.properties,
    };
    return ProvisionState.MANAGEABLE;
  }
  override async abort(_task: Task): Promise<void> {}
}
