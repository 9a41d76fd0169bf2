/// <reference types="reflect-metadata" />
/*
 * The only module that touches Reflect.*: decorators write method metadata through
 * these helpers and collectors read it back. Metadata lives on the prototype under
 * the method's name, so subclasses inherit it and may override it.
 */

/** Guard: the decorators need the `reflect-metadata` polyfill, as tsyringe does. */
function requireReflect(): void {
  if (typeof Reflect.defineMetadata !== 'function' || typeof Reflect.getMetadata !== 'function') {
    throw new Error(
      "@ferric/core decorators require the reflect-metadata polyfill: add `import 'reflect-metadata'` once, before your drivers are imported.",
    );
  }
}

/** Store `value` under `key` for `target[method]`. @internal */
export function defineMethodMetadata(
  key: symbol,
  value: unknown,
  target: object,
  method: string | symbol,
): void {
  requireReflect();
  Reflect.defineMetadata(key, value, target, method);
}

/** Read the metadata under `key` for `target[method]`, following the prototype chain. @internal */
export function getMethodMetadata<T>(key: symbol, target: object, method: string | symbol): T | undefined {
  requireReflect();
  return Reflect.getMetadata(key, target, method) as T | undefined;
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

/** A method decorator's signature, typed for legacy (`experimentalDecorators`) decorators. @public */
export type MethodDecorator = (
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor,
) => void;
