/*
 * With registry/services.ts, the only module that touches Reflect.*: decorators write method
 * metadata through these helpers and collectors read it back. Metadata lives on the prototype under
 * the method's name, so subclasses inherit it and may override it.
 *
 * It loads the reflect-metadata polyfill itself (a peer dependency, so that every package shares one
 * metadata store): whatever imports a decorator has the polyfill first, in any import order, and
 * users need not import it. This import is why package.json lists this file under `sideEffects`.
 */
import 'reflect-metadata';
import { InvalidDecoratorUsage } from '../errors/catalog.js';

/**
 * What tsc reports when a project compiles TC39 standard decorators (no `experimentalDecorators`):
 * Ferric's decorators are TypeScript's legacy decorators, a standard decorator's context object is
 * not assignable to this type, and the error message names it. Never a real value.
 * @public
 */
export interface SetExperimentalDecoratorsTrueInTsconfig {
  readonly 'Ferric decorators need "experimentalDecorators": true in tsconfig.json': never;
}

const STANDARD_DECORATORS_HINT =
  'Ferric decorators are TypeScript legacy decorators: set "experimentalDecorators": true in the ' +
  'compilerOptions of your tsconfig.json (tsc, vitest and esbuild read it; "emitDecoratorMetadata" is not needed).';

/**
 * The method name a decorator was applied to. Compiled as a TC39 standard decorator, the second
 * argument is a context object instead: say what to set rather than fail obscurely later.
 */
function methodKey(propertyKey: string | symbol | SetExperimentalDecoratorsTrueInTsconfig): string | symbol {
  if (typeof propertyKey === 'string' || typeof propertyKey === 'symbol') return propertyKey;
  throw new InvalidDecoratorUsage(STANDARD_DECORATORS_HINT);
}

/** Guard: the decorators need the `reflect-metadata` polyfill, as tsyringe does. */
function requireReflect(): void {
  if (typeof Reflect.defineMetadata !== 'function' || typeof Reflect.getMetadata !== 'function') {
    throw new Error(
      '@ferric/core decorators need the reflect-metadata polyfill (a peer dependency of @ferric/core): install reflect-metadata.',
    );
  }
}

/** Store `value` under `key` for `target[method]`. @internal */
export function defineMethodMetadata(
  key: symbol,
  value: unknown,
  target: object,
  method: string | symbol | SetExperimentalDecoratorsTrueInTsconfig,
): void {
  const name = methodKey(method);
  requireReflect();
  Reflect.defineMetadata(key, value, target, name);
}

/** Read the metadata under `key` for `target[method]`, following the prototype chain. @internal */
export function getMethodMetadata<T>(
  key: symbol,
  target: object,
  method: string | symbol | SetExperimentalDecoratorsTrueInTsconfig,
): T | undefined {
  const name = methodKey(method);
  requireReflect();
  return Reflect.getMetadata(key, target, name) as T | undefined;
}

/**
 * Every method name along the prototype chain of `instance` (own class first),
 * excluding `constructor` and accessors. @internal
 */
export function methodNames(instance: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor && typeof descriptor.value === 'function') names.add(name);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...names];
}

/**
 * A method decorator's signature: a TypeScript legacy (`experimentalDecorators`) decorator. Compiled
 * as a TC39 standard decorator it does not type-check, and the error names
 * {@link SetExperimentalDecoratorsTrueInTsconfig}; run without type-checking (esbuild, vitest) it throws
 * {@link InvalidDecoratorUsage} saying the same.
 * @public
 */
export type MethodDecorator = (
  target: object,
  propertyKey: string | symbol | SetExperimentalDecoratorsTrueInTsconfig,
  descriptor?: PropertyDescriptor,
) => void;
