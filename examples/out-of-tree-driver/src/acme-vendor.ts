import { passthru, type Task, VendorInterface } from '@ferric/core';
import { acmeBmcFor } from './driver-info.js';

/** ACME extensions, reachable at `/v1/nodes/{node}/vendor_passthru?method=…`. */
export class AcmeVendor extends VendorInterface {
  validate(task: Task, method?: string): void {
    if (method !== undefined) acmeBmcFor(task);
  }

  /** Turn the identify LED on or off: `POST …?method=identify {"on": true}`. */
  @passthru({
    httpMethods: ['POST'],
    method: 'identify',
    async: false,
    description: 'Switch the identify LED.',
  })
  async identify(task: Task, args: { on?: boolean }): Promise<{ led: boolean }> {
    const bmc = acmeBmcFor(task);
    await bmc.setLed(args.on !== false);
    return { led: await bmc.led() };
  }
}
