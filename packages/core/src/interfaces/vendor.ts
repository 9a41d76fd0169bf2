import { collectPassthruRoutes, type PassthruRoutes } from '../decorators/passthru.js';
import type { Task } from '../task.js';
import { BaseInterface, type PropertyDescriptions } from './base-interface.js';

/**
 * Vendor extensions exposed as passthru methods (Ironic `VendorInterface`).
 * Declare them with `@passthru` / `@driverPassthru`; {@link VendorInterface.routes}
 * collects them.
 * @public
 */
export abstract class VendorInterface extends BaseInterface {
  get interfaceType(): 'vendor' {
    return 'vendor';
  }

  #routes?: PassthruRoutes;

  /** Node and driver passthru routes, collected once. */
  get routes(): PassthruRoutes {
    this.#routes ??= collectPassthruRoutes(this);
    return this.#routes;
  }

  getProperties(): PropertyDescriptions {
    return {};
  }

  /**
   * Validate a node passthru call (`method` and its `args`) — or, with no method, the
   * node's vendor settings.
   */
  abstract override validate(
    task: Task,
    method?: string,
    args?: Readonly<Record<string, unknown>>,
  ): void | Promise<void>;

  /** Validate a driver-level passthru call. */
  driverValidate(_method: string, _args: Readonly<Record<string, unknown>>): void | Promise<void> {}
}
