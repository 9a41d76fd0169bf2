import { InvalidDecoratorUsage } from '../errors/catalog.js';
import { DRIVER_PASSTHRU_METADATA, PASSTHRU_METADATA } from '../metadata-keys.js';
import { defineMethodMetadata, getMethodMetadata, type MethodDecorator, methodNames } from './reflection.js';

/** HTTP methods a passthru may answer. @public */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Options of {@link passthru} and {@link driverPassthru}. @public */
export interface PassthruOptions {
  /** HTTP methods that reach this method (at least one). */
  httpMethods: readonly HttpMethod[];
  /** Public method name (default: the TypeScript method name). */
  method?: string;
  /** `true` (default): the API answers 202 and the conductor runs it in the background. */
  async?: boolean;
  /** Shown by `GET …/vendor_passthru/methods`. */
  description?: string;
  /** Return value is streamed as the response body instead of JSON. */
  attach?: boolean;
}

/** Options of {@link passthru} (node-level). @public */
export interface NodePassthruOptions extends PassthruOptions {
  /** Whether the node's exclusive lock is needed (default `true`). */
  requireExclusiveLock?: boolean;
}

/** One vendor passthru route, as collected from an implementation. @public */
export interface PassthruRoute {
  /** Public method name (`?method=`). */
  method: string;
  /** Property name on the implementation. */
  functionName: string;
  httpMethods: readonly HttpMethod[];
  async: boolean;
  description: string;
  attach: boolean;
  /** Node routes only. */
  requireExclusiveLock: boolean;
}

function normalise(options: NodePassthruOptions, kind: string, functionName: string): PassthruRoute {
  const methods = options.httpMethods?.map((m) => m.toUpperCase() as HttpMethod) ?? [];
  if (methods.length === 0)
    throw new InvalidDecoratorUsage(`@${kind} '${functionName}' needs at least one HTTP method.`);
  const unknown = methods.filter((m) => !HTTP_METHODS.includes(m));
  if (unknown.length > 0) {
    throw new InvalidDecoratorUsage(
      `@${kind} '${functionName}' has unknown HTTP methods: ${unknown.join(', ')}.`,
    );
  }
  return {
    method: options.method ?? functionName,
    functionName,
    httpMethods: methods,
    async: options.async ?? true,
    description: options.description ?? '',
    attach: options.attach ?? false,
    requireExclusiveLock: options.requireExclusiveLock ?? true,
  };
}

/**
 * Expose a method as a node vendor passthru (`/v1/nodes/{id}/vendor_passthru?method=`),
 * like Ironic's `@base.passthru`. The method gets `(task, body)`.
 * @public
 */
export function passthru(options: NodePassthruOptions): MethodDecorator {
  return (target, propertyKey) => {
    defineMethodMetadata(
      PASSTHRU_METADATA,
      normalise(options, 'passthru', String(propertyKey)),
      target,
      propertyKey,
    );
  };
}

/**
 * Expose a method as a driver-level vendor passthru (`/v1/drivers/{name}/vendor_passthru`),
 * like Ironic's `@base.driver_passthru`. No node is involved; the method gets `(body)`
 * and should be short.
 * @public
 */
export function driverPassthru(options: PassthruOptions): MethodDecorator {
  return (target, propertyKey) => {
    const route = {
      ...normalise(options, 'driverPassthru', String(propertyKey)),
      requireExclusiveLock: false,
    };
    defineMethodMetadata(DRIVER_PASSTHRU_METADATA, route, target, propertyKey);
  };
}

/** Node and driver passthru routes of an implementation, keyed by public method name. @public */
export interface PassthruRoutes {
  node: ReadonlyMap<string, PassthruRoute>;
  driver: ReadonlyMap<string, PassthruRoute>;
}

/**
 * Collect the passthru routes declared on `instance`.
 * @throws {@link InvalidDecoratorUsage} when two methods claim the same public name.
 * @public
 */
export function collectPassthruRoutes(instance: object): PassthruRoutes {
  const node = new Map<string, PassthruRoute>();
  const driver = new Map<string, PassthruRoute>();
  for (const name of methodNames(instance)) {
    for (const [key, routes] of [
      [PASSTHRU_METADATA, node],
      [DRIVER_PASSTHRU_METADATA, driver],
    ] as const) {
      const route = getMethodMetadata<PassthruRoute>(key, instance, name);
      if (!route) continue;
      const clash = routes.get(route.method);
      if (clash && clash.functionName !== route.functionName) {
        throw new InvalidDecoratorUsage(
          `Passthru method '${route.method}' is declared twice on ${instance.constructor.name} (${clash.functionName}, ${route.functionName}).`,
        );
      }
      routes.set(route.method, route);
    }
  }
  return { node, driver };
}
