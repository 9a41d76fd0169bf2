import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { type ConsoleInfo, ConsoleInterface } from '../../interfaces/console.js';
import type { Task } from '../../task.js';

/** `fake` console: toggles `driver_internal_info.fake_console_enabled`. @public */
export class FakeConsole extends ConsoleInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(_task: Task): void {}
  async startConsole(task: Task): Promise<void> {
    task.node.driverInternalInfo.fake_console_enabled = true;
  }
  async stopConsole(task: Task): Promise<void> {
    task.node.driverInternalInfo.fake_console_enabled = false;
  }
  async getConsole(task: Task): Promise<ConsoleInfo> {
    return { type: 'fake', url: `fake://console/${task.node.uuid}` };
  }
}
