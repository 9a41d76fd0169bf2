import { type Credentials, SessionStore } from './auth.js';
import { Errors } from './errors.js';
import { type FaultConfig, FaultInjector } from './faults.js';
import { deterministicUuid } from './hardware.js';
import type { QuirkConfig } from './quirks.js';
import type { EmulatedSystem } from './system.js';
import { TaskStore } from './tasks.js';

/** An EventService subscription. */
export interface EventSubscription {
  /** Subscription id. */
  id: string;
  /** Where events are POSTed. */
  destination: string;
  /** Opaque client context echoed in events. */
  context: string;
  /** Subscribed event types. */
  eventTypes: string[];
}

/** Options of one {@link RedfishService}. */
export interface RedfishServiceOptions {
  /** Position of the service (drives its UUID). */
  index: number;
  /** The systems it exposes (one per BMC, or all of a single-port fleet). */
  systems: EmulatedSystem[];
  /** Accounts accepted by HTTP Basic and SessionService. */
  accounts: Credentials[];
  /** Initial fault settings. */
  faults?: FaultConfig;
  /** Quirks of real BMCs to show. */
  quirks?: QuirkConfig;
  /** Session idle timeout in seconds. Default 1800. */
  sessionTimeoutSeconds?: number;
  /** Duration of each of the 5 flashing steps of a SimpleUpdate task, ms. Default 100. */
  updateStepMs?: number;
  /** Timeout of image downloads (virtual media, firmware), ms. */
  downloadTimeoutMs: number;
}

/**
 * One Redfish service tree (`/redfish/v1` on one port): its systems with their managers and chassis,
 * sessions, tasks and fault injector.
 */
export class RedfishService {
  /** `ServiceRoot.UUID`. */
  readonly uuid: string;
  /** Systems by id. */
  readonly systems = new Map<string, EmulatedSystem>();
  /** Accounts and sessions. */
  readonly sessions: SessionStore;
  /** Tasks (SimpleUpdate). */
  readonly tasks = new TaskStore();
  /** Fault injection for this service. */
  readonly faults: FaultInjector;
  /** Quirks of real BMCs this service shows (mutable: read on every request). */
  readonly quirks: QuirkConfig;
  /** EventService subscriptions by id. */
  readonly subscriptions = new Map<string, EventSubscription>();
  /** Next subscription id. */
  nextSubscription = 1;
  /** Duration of each SimpleUpdate flashing step, ms. */
  readonly updateStepMs: number;
  /** Download timeout, ms. */
  readonly downloadTimeoutMs: number;

  constructor(options: RedfishServiceOptions) {
    this.uuid = deterministicUuid(2, options.index);
    for (const s of options.systems) this.systems.set(s.id, s);
    this.sessions = new SessionStore(options.accounts, options.sessionTimeoutSeconds ?? 1800);
    this.faults = new FaultInjector(options.faults ?? {});
    this.quirks = { ...options.quirks };
    this.updateStepMs = options.updateStepMs ?? 100;
    this.downloadTimeoutMs = options.downloadTimeoutMs;
  }

  /** The system `id`, or a 404 for `uri`. */
  system(id: string, uri: string): EmulatedSystem {
    const s = this.systems.get(id);
    if (!s) throw Errors.resourceNotFound(uri);
    return s;
  }

  /** The system whose manager is `id`, or a 404 for `uri`. */
  systemByManager(id: string, uri: string): EmulatedSystem {
    for (const s of this.systems.values()) if (s.managerId === id) return s;
    throw Errors.resourceNotFound(uri);
  }

  /** The system whose chassis is `id`, or a 404 for `uri`. */
  systemByChassis(id: string, uri: string): EmulatedSystem {
    for (const s of this.systems.values()) if (s.chassisId === id) return s;
    throw Errors.resourceNotFound(uri);
  }
}
