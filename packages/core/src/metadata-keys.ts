/*
 * Every reflect-metadata key Ferric uses, in one place. They are registered symbols
 * (`Symbol.for`) so that two copies of @ferric/core — e.g. a vendor driver that
 * bundled its own — still read each other's metadata, while never colliding with
 * keys of other libraries.
 */

/** Periodic task options on a method. @internal */
export const PERIODIC_METADATA: unique symbol = Symbol.for('@ferric/core:periodic') as never;
/** Node-periodic options on a method. @internal */
export const NODE_PERIODIC_METADATA: unique symbol = Symbol.for('@ferric/core:node-periodic') as never;
/** Step options (clean/deploy/verify/service) on a method. @internal */
export const STEP_METADATA: unique symbol = Symbol.for('@ferric/core:step') as never;
/** Node vendor passthru options on a method. @internal */
export const PASSTHRU_METADATA: unique symbol = Symbol.for('@ferric/core:passthru') as never;
/** Driver vendor passthru options on a method. @internal */
export const DRIVER_PASSTHRU_METADATA: unique symbol = Symbol.for('@ferric/core:driver-passthru') as never;
/** Constructor parameter tokens recorded by `@inject` on an implementation class. @internal */
export const INJECT_METADATA: unique symbol = Symbol.for('@ferric/core:inject') as never;
