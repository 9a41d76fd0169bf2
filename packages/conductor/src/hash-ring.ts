import HashRing from 'hashring';
import type { ConductorRepository } from './db/conductor-repository.js';
import { NoValidHost, TemporaryFailure } from './errors.js';

/** What the ring needs to know about a node to place it. */
export interface RingNode {
  uuid: string;
  driver: string;
  conductorGroup: string;
}

/** Options of {@link HashRingManager}. */
export interface HashRingManagerOptions {
  /** Seconds after which a conductor without heartbeat leaves the ring. */
  heartbeatTimeout: number;
  /** Seconds a built ring set is reused before it is rebuilt from the database. */
  resetInterval: number;
}

/** The ring key of a node: `<conductor_group lower-cased>:<hardware type>`. */
export function ringKey(conductorGroup: string, hardwareType: string): string {
  return `${conductorGroup.toLowerCase()}:${hardwareType}`;
}

/**
 * Consistent-hash placement of nodes on live conductors, one ring per
 * `<conductor_group>:<hardware type>` (Ironic's `HashRingManager`). Conductors and API callers use the
 * same instance type over the same database, so both sides agree on `mapNode`.
 */
export class HashRingManager {
  #rings: Map<string, { ring: HashRing; hosts: string[] }> | undefined;
  #builtAt = 0;
  #building: Promise<Map<string, { ring: HashRing; hosts: string[] }>> | undefined;

  constructor(
    private readonly conductors: ConductorRepository,
    private readonly options: HashRingManagerOptions,
  ) {}

  /** Drops the cached rings; the next lookup rebuilds them (call when membership changes). */
  reset(): void {
    this.#rings = undefined;
  }

  /** Ring membership: host names per ring key, as currently cached (rebuilding when stale). */
  async membership(): Promise<Map<string, string[]>> {
    const rings = await this.#getRings();
    return new Map([...rings].map(([k, v]) => [k, [...v.hosts]]));
  }

  /**
   * The conductor host responsible for `node`.
   *
   * @throws TemporaryFailure when no conductor is alive at all.
   * @throws NoValidHost when no live conductor serves the node's driver in its group.
   */
  async mapNode(node: RingNode): Promise<string> {
    let rings = await this.#getRings();
    let entry = rings.get(ringKey(node.conductorGroup, node.driver));
    if (!entry) {
      // Unknown driver/group: the cache may predate a new conductor; rebuild once and retry.
      this.reset();
      rings = await this.#getRings();
      entry = rings.get(ringKey(node.conductorGroup, node.driver));
    }
    if (!entry) {
      if (rings.size === 0) throw new TemporaryFailure('No conductor service is alive.');
      throw new NoValidHost(
        `No valid host was found. Reason: No conductor service registered which supports driver ${node.driver} for conductor group "${node.conductorGroup}".`,
      );
    }
    return entry.ring.get(node.uuid);
  }

  /**
   * Places nodes synchronously on the rings as cached now: for mapping many nodes at once (an API
   * listing shows each node's conductor) without a promise per node. `undefined` for a node whose
   * ring this snapshot lacks; {@link mapNode} answers those (it rebuilds the rings once).
   */
  async mapper(): Promise<(node: RingNode) => string | undefined> {
    const rings = await this.#getRings();
    return (node) => rings.get(ringKey(node.conductorGroup, node.driver))?.ring.get(node.uuid);
  }

  /** Whether `host` is responsible for `node` (errors count as "not mine"). */
  async isMappedTo(node: RingNode, host: string): Promise<boolean> {
    try {
      return (await this.mapNode(node)) === host;
    } catch {
      return false;
    }
  }

  /** Any live host serving `hardwareType` (driver-level calls), or `undefined`. */
  async hostForDriver(hardwareType: string): Promise<string | undefined> {
    const rings = await this.#getRings();
    const hosts = [...rings].filter(([k]) => k.endsWith(`:${hardwareType}`)).flatMap(([, v]) => v.hosts);
    return hosts.sort()[0];
  }

  async #getRings(): Promise<Map<string, { ring: HashRing; hosts: string[] }>> {
    const fresh = Date.now() - this.#builtAt < this.options.resetInterval * 1000;
    if (this.#rings && fresh) return this.#rings;
    if (!this.#building) {
      this.#building = (async () => {
        try {
          const map = await this.conductors.activeHardwareTypeMap(this.options.heartbeatTimeout);
          const rings = new Map<string, { ring: HashRing; hosts: string[] }>();
          for (const [key, hosts] of map) rings.set(key, { ring: new HashRing(hosts, 'md5'), hosts });
          this.#rings = rings;
          this.#builtAt = Date.now();
          return rings;
        } finally {
          this.#building = undefined;
        }
      })();
    }
    return this.#building;
  }
}
