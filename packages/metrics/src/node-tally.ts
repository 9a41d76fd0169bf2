/** What the fleet gauges count about one node. */
export interface NodeFacts {
  provisionState: string;
  powerState: string | null;
  maintenance: boolean;
  fault: string | null;
  conductorGroup: string;
  hardwareType: string;
}

/** The dimensions the fleet gauges are broken down by (one gauge per dimension). */
export type NodeDimension =
  | 'provisionState'
  | 'powerState'
  | 'maintenance'
  | 'fault'
  | 'conductorGroup'
  | 'hardwareType';

const DIMENSIONS: readonly NodeDimension[] = [
  'provisionState',
  'powerState',
  'maintenance',
  'fault',
  'conductorGroup',
  'hardwareType',
];

/** The label value a fact is counted under (`none` for an unset power state or fault). */
function labelOf(facts: NodeFacts, dim: NodeDimension): string {
  const v = facts[dim];
  if (v === null || v === '') return 'none';
  return String(v);
}

/**
 * Per-node facts and running counts per dimension, kept up to date from node events and replaced
 * wholesale by a periodic recount. A scrape reads the counts (a few dozen numbers), never the nodes.
 * Counts that drop to zero stay (as 0) so a gauge series goes to 0 instead of vanishing.
 */
export class NodeTally {
  readonly #nodes = new Map<string, NodeFacts>();
  readonly #counts = new Map<NodeDimension, Map<string, number>>(DIMENSIONS.map((d) => [d, new Map()]));

  /** Number of nodes known. */
  get size(): number {
    return this.#nodes.size;
  }

  /** Facts of one node, if known. */
  get(uuid: string): NodeFacts | undefined {
    return this.#nodes.get(uuid);
  }

  /** Records (or replaces) a node's facts. */
  set(uuid: string, facts: NodeFacts): void {
    const old = this.#nodes.get(uuid);
    if (old) this.#add(old, -1);
    this.#nodes.set(uuid, facts);
    this.#add(facts, 1);
  }

  /** Changes some facts of a known node; unknown nodes wait for the next recount. @returns whether known. */
  update(uuid: string, change: Partial<NodeFacts>): boolean {
    const old = this.#nodes.get(uuid);
    if (!old) return false;
    this.set(uuid, { ...old, ...change });
    return true;
  }

  /** Forgets a node. */
  delete(uuid: string): void {
    const old = this.#nodes.get(uuid);
    if (!old) return;
    this.#add(old, -1);
    this.#nodes.delete(uuid);
  }

  /** Replaces everything with a fresh recount. */
  replaceAll(nodes: Iterable<readonly [string, NodeFacts]>): void {
    this.#nodes.clear();
    for (const counts of this.#counts.values()) for (const k of counts.keys()) counts.set(k, 0);
    for (const [uuid, facts] of nodes) {
      this.#nodes.set(uuid, facts);
      this.#add(facts, 1);
    }
  }

  /** Count of nodes per label value of one dimension. */
  counts(dim: NodeDimension): ReadonlyMap<string, number> {
    return this.#counts.get(dim)!;
  }

  /** Makes a label value appear with 0 before any node has it (known provision states). */
  seed(dim: NodeDimension, values: readonly string[]): void {
    const counts = this.#counts.get(dim)!;
    for (const v of values) if (!counts.has(v)) counts.set(v, 0);
  }

  #add(facts: NodeFacts, delta: 1 | -1): void {
    for (const dim of DIMENSIONS) {
      const counts = this.#counts.get(dim)!;
      const key = labelOf(facts, dim);
      counts.set(key, (counts.get(key) ?? 0) + delta);
    }
  }
}
