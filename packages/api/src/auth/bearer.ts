import { safeEqual } from './constant-time.js';
import { InvalidAuthConfig } from './errors.js';
import type { Authenticator } from './types.js';

/**
 * Static bearer tokens (`Authorization: Bearer <t>`, or `X-Auth-Token` as Keystone clients send it).
 * Every configured token is compared in constant time, so timing reveals neither which nor how much matched.
 * @public
 */
export function createTokenAuthenticator(tokens: readonly string[]): Authenticator {
  const list = tokens.filter((t) => t.length > 0);
  if (list.length === 0)
    throw new InvalidAuthConfig('auth strategy "token" needs at least one non-empty token.');
  return {
    strategy: 'token',
    challenge: 'Bearer realm="Baremetal API"',
    async check(authorization) {
      const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
      const given = m ? m[1]! : '';
      let ok = false;
      for (const t of list) ok = safeEqual(given, t) || ok;
      return ok && m !== null;
    },
  };
}
