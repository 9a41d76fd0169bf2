import { driverPassthru, passthru } from '../../decorators/passthru.js';
import { InvalidParameterValue, MissingParameterValue } from '../../errors/catalog.js';
import { VendorInterface } from '../../interfaces/vendor.js';
import type { Task } from '../../task.js';

/** `fake` vendor: a few passthru methods to exercise the vendor API. @public */
export class FakeVendor extends VendorInterface {
  validate(_task: Task, method?: string, args: Readonly<Record<string, unknown>> = {}): void {
    if (method === 'first_method' && args.bar === undefined) {
      throw new MissingParameterValue("Method 'first_method' needs parameter 'bar'.");
    }
    if (method !== undefined && !this.routes.node.has(method)) {
      throw new InvalidParameterValue(`Unknown vendor method '${method}'.`);
    }
  }

  /** Remembers `bar` on the node. */
  @passthru({ httpMethods: ['POST'], method: 'first_method', description: 'Stores bar on the node.' })
  async firstMethod(task: Task, args: { bar?: string }): Promise<void> {
    task.node.driverInternalInfo.fake_vendor_bar = args.bar ?? null;
  }

  /** Echoes its arguments. */
  @passthru({ httpMethods: ['GET', 'POST'], method: 'echo', async: false, requireExclusiveLock: false })
  async echo(
    _task: Task,
    args: Readonly<Record<string, unknown>>,
  ): Promise<Readonly<Record<string, unknown>>> {
    return args;
  }

  /** Driver-level: tells who answered. */
  @driverPassthru({ httpMethods: ['GET'], method: 'whoami', async: false, description: 'Names the driver.' })
  async whoami(): Promise<{ driver: string }> {
    return { driver: 'fake' };
  }
}
