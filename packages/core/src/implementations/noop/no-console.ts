import type { PropertyDescriptions } from '../../interfaces/base-interface.js';
import { ConsoleInterface } from '../../interfaces/console.js';
import { notSupported } from './unsupported.js';

/** `no-console`: the node has no console support; every call fails with `UnsupportedDriverExtension`. @public */
export class NoConsole extends ConsoleInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): never {
    return notSupported('console');
  }
  async startConsole(): Promise<never> {
    return notSupported('console');
  }
  async stopConsole(): Promise<never> {
    return notSupported('console');
  }
  async getConsole(): Promise<never> {
    return notSupported('console');
  }
}
