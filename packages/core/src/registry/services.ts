/// <reference types="reflect-metadata" />
// The polyfill @inject stores tokens with (see decorators/reflection.ts; listed under `sideEffects`).
import 'reflect-metadata';
import { DriverLoadError } from '../errors/catalog.js';
import { INJECT_METADATA } from '../metadata-keys.js';

/**
 * A typed key for a per-conductor service a plugin provides (settings, a BMC session pool…) and
 * implementations receive through {@link inject}. Two tokens are the same service only if they are
 * the same object, so export the token from the package that defines the service.
 * @public
 */
export interface ServiceToken<T> {
  /** The key the runtime's container stores the service under. */
  readonly key: symbol;
  /** For messages (`@ferric/boot-common:settings`). */
  readonly description: string;
  /** Never set: carries `T` for the type checker. */
  readonly __type?: T;
}

/**
 * Create a {@link ServiceToken}. `description` names the service in errors; use the package name
 * as a prefix.
 * @example
 * ```ts
 * export const BOOT_SETTINGS = createServiceToken<BootConfig>('@ferric/boot-common:settings');
 * ```
 * @public
 */
export function createServiceToken<T>(description: string): ServiceToken<T> {
  return Object.freeze({ key: Symbol(description), description });
}

/** Looks up a service of the conductor a plugin or implementation belongs to. @public */
export type ServiceResolver = <T>(token: ServiceToken<T>) => T;

/**
 * How a plugin provides a service: a value, or a factory called once per conductor, on first
 * use, with a resolver for the services it depends on. A service with a `dispose()` or
 * `close()` method is disposed of when its conductor stops.
 * @public
 */
export type ServiceProvider<T> =
  | { readonly useValue: T }
  | { readonly useFactory: (resolve: ServiceResolver) => T };

/**
 * Constructor-parameter decorator: the runtime passes the conductor's service `token` as this
 * argument when it builds the implementation (each conductor builds its own instances).
 *
 * @example
 * ```ts
 * class AcmePower extends PowerInterface {
 *   constructor(@inject(ACME_SESSIONS) private readonly sessions: AcmeSessionPool) { super(); }
 * }
 * ```
 * @public
 */
export function inject<T>(token: ServiceToken<T>): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) {
      throw new DriverLoadError(`@inject(${token.description}) goes on a constructor parameter only.`);
    }
    const own = Reflect.getOwnMetadata(INJECT_METADATA, target) as ServiceToken<unknown>[] | undefined;
    const tokens = [...(own ?? [])];
    tokens[index] = token as ServiceToken<unknown>;
    Reflect.defineMetadata(INJECT_METADATA, tokens, target);
  };
}

/**
 * The tokens a class's constructor takes, by position (from {@link inject}). A subclass without
 * decorated parameters of its own inherits its parent's, as it inherits the parent's constructor.
 * @public
 */
export function injectionsOf(
  cls: abstract new (...args: never[]) => unknown,
): readonly ServiceToken<unknown>[] {
  if (typeof Reflect.getMetadata !== 'function') return [];
  return (Reflect.getMetadata(INJECT_METADATA, cls) as ServiceToken<unknown>[] | undefined) ?? [];
}

/**
 * Build `cls`, passing the services its constructor declares with {@link inject}.
 * @throws {@link DriverLoadError} when a parameter has no token.
 * @public
 */
export function construct<T>(cls: new (...args: never[]) => T, resolve: ServiceResolver): T {
  const tokens = injectionsOf(cls);
  const args: unknown[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) throw new DriverLoadError(`${cls.name}: constructor parameter ${i} has no @inject(token).`);
    args.push(resolve(token));
  }
  return new (cls as new (...args: unknown[]) => T)(...args);
}

/** Something a scope must release when it closes. */
function releaseOf(value: unknown): (() => unknown) | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { dispose?: unknown; close?: unknown };
  if (typeof candidate.dispose === 'function') return () => (candidate.dispose as () => unknown)();
  if (typeof candidate.close === 'function') return () => (candidate.close as () => unknown)();
  return undefined;
}

/**
 * The services of one conductor: each provider is built once, on first use, and what a factory
 * built is disposed of (its `dispose()` or `close()`) by {@link ServiceScope.dispose}, newest
 * first. Values given with `useValue` belong to whoever made them and are left alone.
 * @public
 */
export class ServiceScope {
  readonly #providers: ReadonlyMap<
    symbol,
    { token: ServiceToken<unknown>; provider: ServiceProvider<unknown> }
  >;
  readonly #built = new Map<symbol, unknown>();
  readonly #building = new Set<symbol>();
  readonly #releases: Array<() => unknown> = [];
  #disposed = false;

  constructor(providers: Iterable<readonly [ServiceToken<unknown>, ServiceProvider<unknown>]>) {
    this.#providers = new Map([...providers].map(([token, provider]) => [token.key, { token, provider }]));
  }

  /**
   * The service `token` names, built on first use.
   * @throws {@link DriverLoadError} when no plugin provides it, when providers depend on each
   * other in a circle, or after {@link ServiceScope.dispose}.
   */
  readonly resolve: ServiceResolver = <T>(token: ServiceToken<T>): T => {
    if (this.#built.has(token.key)) return this.#built.get(token.key) as T;
    if (this.#disposed) throw new DriverLoadError(`Service ${token.description} requested after shutdown.`);
    const entry = this.#providers.get(token.key);
    if (!entry) {
      throw new DriverLoadError(`No plugin provides ${token.description}: load the plugin that defines it.`);
    }
    if ('useValue' in entry.provider) {
      this.#built.set(token.key, entry.provider.useValue);
      return entry.provider.useValue as T;
    }
    if (this.#building.has(token.key)) {
      throw new DriverLoadError(`Service ${token.description} depends on itself.`);
    }
    this.#building.add(token.key);
    try {
      const value = entry.provider.useFactory(this.resolve);
      this.#built.set(token.key, value);
      const release = releaseOf(value);
      if (release) this.#releases.push(release);
      return value as T;
    } finally {
      this.#building.delete(token.key);
    }
  };

  /** Release every service a factory built (newest first); errors are collected and thrown together. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const errors: unknown[] = [];
    for (const release of this.#releases.splice(0).reverse()) {
      try {
        await release();
      } catch (err) {
        errors.push(err);
      }
    }
    this.#built.clear();
    if (errors.length > 0) throw new AggregateError(errors, 'Disposing services failed.');
  }
}
