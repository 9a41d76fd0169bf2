import type { DriverInterfaces } from '@ferric/core';
import { type ConductorEventStream, type DriverCallEvent, emitSafely } from './events.js';

/** Interfaces whose calls reach the BMC (boot, deploy, network, storage and rescue work elsewhere). */
const BMC_INTERFACES: ReadonlySet<string> = new Set([
  'power',
  'management',
  'bios',
  'firmware',
  'raid',
  'inspect',
  'vendor',
  'console',
]);

/** Bookkeeping methods that never talk to the BMC (step lists, property docs). */
const NOT_BMC = /^get\w*Steps$|^getProperties$/;

/**
 * Wraps each BMC-facing interface of a composed driver so that every method returning a promise emits one
 * `driver.call` event when it settles (duration, and the error's stable `code` on failure). Used only
 * while something listens for `driver.call` (the metrics), so an unobserved conductor pays nothing.
 * Methods run on the real instance (private fields and decorator metadata keep working).
 */
export function instrumentDriver(
  driver: DriverInterfaces,
  base: { node: string; host: string; requestId: string | null; hardwareType: string },
  events: ConductorEventStream,
  onError: (err: unknown) => void,
): DriverInterfaces {
  const wrapped = { ...driver } as Record<string, unknown>;
  for (const [iface, impl] of Object.entries(driver) as [string, object][]) {
    if (!BMC_INTERFACES.has(iface)) continue;
    const cache = new Map<PropertyKey, unknown>();
    wrapped[iface] = new Proxy(impl, {
      get(target, prop, receiver) {
        // The real instance is the receiver: getters and methods may use private (#) fields,
        // which a proxy does not have.
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || prop === 'constructor') return value;
        let fn = cache.get(prop);
        if (!fn && NOT_BMC.test(String(prop))) {
          fn = (value as (...a: unknown[]) => unknown).bind(target);
          cache.set(prop, fn);
        }
        if (!fn) {
          const method = String(prop);
          const original = value as (...a: unknown[]) => unknown;
          fn = function (this: unknown, ...args: unknown[]): unknown {
            const self = this === receiver ? target : this;
            const result = original.apply(self, args);
            if (!(result instanceof Promise)) return result;
            const started = performance.now();
            const emit = (err: unknown) => {
              const payload: DriverCallEvent = {
                ...base,
                at: new Date(),
                interface: iface,
                method,
                durationMs: performance.now() - started,
                errorCode: err === undefined ? null : errorCode(err),
              };
              emitSafely(events, 'driver.call', payload, onError);
            };
            result.then(
              () => emit(undefined),
              (err: unknown) => emit(err ?? new Error('rejected')),
            );
            return result;
          };
          cache.set(prop, fn);
        }
        return fn;
      },
    });
  }
  return wrapped as unknown as DriverInterfaces;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  return err instanceof Error ? err.name : 'Error';
}
