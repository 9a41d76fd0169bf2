import { UnsupportedDriverExtension } from '../../errors/catalog.js';

/**
 * Ironic's `FailMixin`: `no-*` implementations answer every call, validation
 * included, with {@link UnsupportedDriverExtension} naming the interface.
 * @internal
 */
export function notSupported(interfaceType: string): never {
  throw new UnsupportedDriverExtension(
    `No ${interfaceType} interface is configured for this node (it uses no-${interfaceType}); set a ${interfaceType}_interface to use this feature.`,
  );
}
