/** The auth configuration is unusable (unreadable htpasswd, noauth off loopback…). @public */
export class InvalidAuthConfig extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAuthConfig';
  }
}
