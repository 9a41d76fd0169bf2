/** A redirect a BMC answers instead of the resource (see {@link QuirkConfig.redirects}). */
export interface RedirectRule {
  /** Request path (without query) that is redirected. */
  path: string;
  /** `Location` sent: a path on the same service, or an absolute URL elsewhere. */
  location: string;
  /** Status code. Default 307. */
  status?: number;
}

/**
 * Behaviours of real Redfish services that clients must survive, all off by default. Unlike faults
 * ({@link FaultConfig}) they are not random: a service either has a quirk or not. Change them at run
 * time through `bmc.quirks` (the object is read on every request).
 */
export interface QuirkConfig {
  /**
   * The service root advertises no `SessionService` (nor `Links.Sessions`), `GET …/SessionService` is
   * 404 and `POST …/SessionService/Sessions` answers 401, while HTTP Basic works (seen on older BMCs).
   */
  noSessionService?: boolean;
  /** Requests to these paths are answered with a redirect (e.g. a System alias to its canonical URI). */
  redirects?: RedirectRule[];
  /**
   * `@Message.ExtendedInfo` entries of error bodies carry only `MessageId` (no `Message`, no
   * `Resolution`); the text stays in `error.message`.
   */
  terseExtendedInfo?: boolean;
}
