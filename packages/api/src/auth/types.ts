/** How the API authenticates callers (Ironic's `[DEFAULT]auth_strategy`, plus static bearer tokens). @public */
export type AuthConfig =
  | { strategy: 'noauth' }
  | { strategy: 'http_basic'; htpasswdFile: string }
  | { strategy: 'token'; tokens: readonly string[] };

/** Checks the credentials of one request; resolves `true` when they are valid. @public */
export interface Authenticator {
  readonly strategy: AuthConfig['strategy'];
  /** `authorization` header value (or undefined). Must take the same time for every wrong credential. */
  check(authorization: string | undefined): Promise<boolean>;
  /** `WWW-Authenticate` challenge sent with 401. */
  readonly challenge: string | null;
}
