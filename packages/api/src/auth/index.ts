import { isIP } from 'node:net';
import { createTokenAuthenticator } from './bearer.js';
import { InvalidAuthConfig } from './errors.js';
import { createHtpasswdAuthenticator } from './htpasswd.js';
import type { AuthConfig, Authenticator } from './types.js';

export { InvalidAuthConfig } from './errors.js';
export { parseHtpasswd } from './htpasswd.js';
export type { AuthConfig, Authenticator } from './types.js';

/** True for 127.0.0.0/8, ::1 and `localhost`. @public */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}

/**
 * Builds the authenticator for a configuration. `noauth` is refused unless the API listens on loopback.
 * @throws InvalidAuthConfig
 */
export function createAuthenticator(config: AuthConfig, listenHost: string): Authenticator {
  switch (config.strategy) {
    case 'noauth':
      if (!isLoopbackHost(listenHost)) {
        throw new InvalidAuthConfig(
          `auth strategy "noauth" is only allowed when listening on loopback, not on ${listenHost}; use "http_basic" or "token".`,
        );
      }
      return { strategy: 'noauth', challenge: null, check: async () => true };
    case 'http_basic':
      return createHtpasswdAuthenticator(config.htpasswdFile);
    case 'token':
      return createTokenAuthenticator(config.tokens);
  }
}

/** Routes reachable without credentials (Ironic's `public_api_routes`): version documents and agent endpoints. */
export function isPublicRoute(method: string, url: string): boolean {
  const path = url.split('?')[0]!.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/v1') return method === 'GET' || method === 'HEAD';
  if (path === '/v1/lookup') return method === 'GET';
  if (path === '/v1/continue_inspection') return method === 'POST';
  return method === 'POST' && /^\/v1\/heartbeat\/[^/]+$/.test(path);
}
