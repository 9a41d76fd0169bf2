import {
  InvalidParameterValue,
  type PassthruRoute,
  UnsupportedDriverExtension,
  type VendorInterface,
} from '@ferric/core';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import type { ConductorTask } from '../task-manager.js';
import type { ServerContext } from './context.js';

/*
 * Vendor passthru (Ironic `vendor_passthru` / `driver_vendor_passthru`): routes are collected from
 * `@passthru` / `@driverPassthru` metadata; async methods run on the pool and answer 202.
 */

type PublicRoutes = Record<string, Omit<PassthruRoute, 'functionName'>>;
type NodeMethod = (task: ConductorTask, args: Record<string, unknown>) => Promise<unknown>;
type DriverMethod = (args: Record<string, unknown>) => Promise<unknown>;

// The implementation's method name is internal; callers only see the public route metadata.
function publicRoutes(routes: ReadonlyMap<string, PassthruRoute>): PublicRoutes {
  const out: PublicRoutes = {};
  for (const [name, { functionName: _f, ...rest }] of routes) out[name] = rest;
  return out;
}

function method<F>(vendor: VendorInterface, name: string): F {
  return (vendor as unknown as Record<string, F>)[name]!;
}

/** Node vendor methods. */
export async function getNodeVendorPassthruMethods(
  ctx: ServerContext,
  req: RpcArgs<'getNodeVendorPassthruMethods'>,
): Promise<RpcResult<'getNodeVendorPassthruMethods'>> {
  ctx.assertRunning();
  return ctx.tasks.run(req.node, { purpose: 'vendor methods', shared: true }, async (t) =>
    publicRoutes(t.driver.vendor.routes.node),
  );
}

/** Calls a node vendor method: validated under a shared lock, run sync (200) or async (202). */
export async function vendorPassthru(
  ctx: ServerContext,
  req: RpcArgs<'vendorPassthru'>,
): Promise<RpcResult<'vendorPassthru'>> {
  ctx.assertRunning();
  const args = req.args ?? {};
  const route = await ctx.tasks.run(req.node, { purpose: 'vendor passthru', shared: true }, async (t) => {
    const found = t.driver.vendor.routes.node.get(req.method);
    if (!found) throw new InvalidParameterValue(`No vendor method '${req.method}' for node ${t.node.uuid}.`);
    if (!found.httpMethods.includes(req.httpMethod)) {
      throw new InvalidParameterValue(
        `Vendor method '${req.method}' does not accept HTTP ${req.httpMethod}.`,
      );
    }
    await t.driver.vendor.validate(t, req.method, args);
    return found;
  });
  const call = (t: ConductorTask) =>
    method<NodeMethod>(t.driver.vendor, route.functionName).call(t.driver.vendor, t, args);
  if (route.async) {
    await ctx.spawn(
      req.node,
      req.requestId,
      `vendor passthru ${req.method}`,
      async () => {},
      async (t) => {
        await call(t);
        await t.save();
      },
    );
    return { async: true, attach: route.attach };
  }
  const shared = !route.requireExclusiveLock;
  const value = await ctx.tasks.run(
    req.node,
    { purpose: `vendor passthru ${req.method}`, shared, requestId: req.requestId ?? null },
    async (t) => {
      const r = await call(t);
      if (!shared) await t.save();
      return r;
    },
  );
  return { async: false, return: value, attach: route.attach };
}

function driverVendor(ctx: ServerContext, driver: string): VendorInterface {
  const name = ctx.drivers.defaultInterface(driver, 'vendor');
  return ctx.drivers.getInterface(driver, 'vendor', name) as VendorInterface;
}

/** Driver vendor methods (of the hardware type's default vendor interface). */
export async function getDriverVendorPassthruMethods(
  ctx: ServerContext,
  req: RpcArgs<'getDriverVendorPassthruMethods'>,
): Promise<RpcResult<'getDriverVendorPassthruMethods'>> {
  ctx.assertRunning();
  return publicRoutes(driverVendor(ctx, req.driver).routes.driver);
}

/** Calls a driver vendor method (no node, no lock). */
export async function driverVendorPassthru(
  ctx: ServerContext,
  req: RpcArgs<'driverVendorPassthru'>,
): Promise<RpcResult<'driverVendorPassthru'>> {
  ctx.assertRunning();
  const vendor = driverVendor(ctx, req.driver);
  const route = vendor.routes.driver.get(req.method);
  if (!route)
    throw new UnsupportedDriverExtension(`No driver vendor method '${req.method}' for ${req.driver}.`);
  if (!route.httpMethods.includes(req.httpMethod)) {
    throw new InvalidParameterValue(
      `Driver vendor method '${req.method}' does not accept HTTP ${req.httpMethod}.`,
    );
  }
  const args = req.args ?? {};
  await vendor.driverValidate(req.method, args);
  const fn = method<DriverMethod>(vendor, route.functionName);
  if (route.async) {
    ctx.deps.pool
      .spawn(`driver passthru ${req.method}`, () => fn.call(vendor, args))
      .catch((err: unknown) =>
        ctx.logger.error({ err, method: req.method }, 'driver vendor passthru failed'),
      );
    return { async: true, attach: route.attach };
  }
  return { async: false, return: await fn.call(vendor, args), attach: route.attach };
}
