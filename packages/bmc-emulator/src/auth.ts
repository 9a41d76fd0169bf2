import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Errors } from './errors.js';

/** A BMC account. */
export interface Credentials {
  /** User name. */
  username: string;
  /** Password (never logged). */
  password: string;
}

/** A Redfish session (`/redfish/v1/SessionService/Sessions/{id}`). */
export interface Session {
  /** Session id. */
  id: string;
  /** Who logged in. */
  username: string;
  /** When it was created. */
  createdAt: Date;
  /** Last request that used it (the idle timeout runs from here). */
  lastUsed: Date;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/**
 * Accounts and sessions of one Redfish service: HTTP Basic checks, `X-Auth-Token` sessions with an
 * idle timeout (`SessionTimeout`), log-out, and forced expiry for fault injection.
 */
export class SessionStore {
  /** Idle timeout in seconds (`SessionService.SessionTimeout`). */
  timeoutSeconds: number;
  private readonly accounts: Credentials[];
  private readonly byToken = new Map<string, Session>();
  private readonly tokens = new Map<string, string>();
  private nextId = 1;

  constructor(accounts: Credentials[], timeoutSeconds = 1800) {
    this.accounts = accounts;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Whether `username`/`password` name an account (constant time per account). */
  verify(username: string, password: string): boolean {
    let ok = false;
    for (const a of this.accounts) if (same(a.username, username) && same(a.password, password)) ok = true;
    return ok;
  }

  /** The user names of the accounts. */
  usernames(): string[] {
    return this.accounts.map((a) => a.username);
  }

  /** Logs in; returns the session and its token, or throws 401. */
  login(username: string, password: string): { session: Session; token: string } {
    if (!this.verify(username, password)) throw Errors.invalidCredentials();
    const now = new Date();
    const session: Session = { id: String(this.nextId++), username, createdAt: now, lastUsed: now };
    const token = randomBytes(24).toString('hex');
    this.byToken.set(token, session);
    this.tokens.set(session.id, token);
    return { session, token };
  }

  /** The live session holding `token`, refreshing its idle timer; expired sessions are removed. */
  touch(token: string): Session | undefined {
    const session = this.byToken.get(token);
    if (!session) return undefined;
    if (Date.now() - session.lastUsed.getTime() > this.timeoutSeconds * 1000) {
      this.remove(session.id);
      return undefined;
    }
    session.lastUsed = new Date();
    return session;
  }

  /** All live sessions. */
  list(): Session[] {
    return [...this.byToken.values()];
  }

  /** One session by id. */
  get(id: string): Session | undefined {
    const token = this.tokens.get(id);
    return token === undefined ? undefined : this.byToken.get(token);
  }

  /** Logs a session out. Returns whether it existed. */
  remove(id: string): boolean {
    const token = this.tokens.get(id);
    if (token === undefined) return false;
    this.tokens.delete(id);
    this.byToken.delete(token);
    return true;
  }

  /** Ends every session at once (fault injection: "the BMC forgot my session"). */
  expireAll(): void {
    this.byToken.clear();
    this.tokens.clear();
  }

  /**
   * Authenticates a request from its headers: `X-Auth-Token` first, then HTTP Basic. Returns the
   * user name and the session used, or throws `401 NoValidSession`.
   */
  authenticate(headers: Record<string, string | string[] | undefined>): {
    username: string;
    session?: Session;
  } {
    const token = headers['x-auth-token'];
    if (typeof token === 'string' && token !== '') {
      const session = this.touch(token);
      if (session) return { username: session.username, session };
      throw Errors.noValidSession();
    }
    const authorization = headers.authorization;
    if (typeof authorization === 'string' && /^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        const username = decoded.slice(0, colon);
        if (this.verify(username, decoded.slice(colon + 1))) return { username };
      }
    }
    throw Errors.noValidSession();
  }
}
