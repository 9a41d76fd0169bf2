import type { Task } from '../task.js';
import { BaseInterface } from './base-interface.js';

/** Where to reach a node's console. @public */
export interface ConsoleInfo {
  type: string;
  url: string;
}

/** Serial/graphical console access (Ironic `ConsoleInterface`). @public */
export abstract class ConsoleInterface extends BaseInterface {
  get interfaceType(): 'console' {
    return 'console';
  }
  /** Start the console service for the node. */
  abstract startConsole(task: Task): Promise<void>;
  /** Stop it. */
  abstract stopConsole(task: Task): Promise<void>;
  /** Connection details. */
  abstract getConsole(task: Task): Promise<ConsoleInfo>;
}
