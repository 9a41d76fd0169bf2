/** The synchronous ring snapshot places nodes exactly as mapNode does. */
import { describe, expect, it } from 'vitest';
import type { ConductorRepository } from '../src/db/conductor-repository.js';
import { HashRingManager } from '../src/hash-ring.js';

/** A conductor table with fixed rings: `<group>:<hardware type>` → hosts. */
function conductors(rings: Record<string, string[]>): ConductorRepository {
  const stub: Pick<ConductorRepository, 'activeHardwareTypeMap'> = {
    activeHardwareTypeMap: async () => new Map(Object.entries(rings)),
  };
  return stub as ConductorRepository;
}

describe('HashRingManager.mapper', () => {
  it('agrees with mapNode and leaves unknown rings to it', async () => {
    const ring = new HashRingManager(
      conductors({ ':fake-hardware': ['a', 'b', 'c'], 'rack-1:ipmi': ['d', 'e'] }),
      { heartbeatTimeout: 60, resetInterval: 60 },
    );
    const map = await ring.mapper();
    const nodes = Array.from({ length: 300 }, (_, i) => ({
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      driver: i % 3 === 0 ? 'ipmi' : 'fake-hardware',
      conductorGroup: i % 3 === 0 ? 'RACK-1' : '',
    }));
    const hosts = new Set<string>();
    for (const node of nodes) {
      const host = map(node);
      expect(host).toBe(await ring.mapNode(node));
      if (host) hosts.add(host);
    }
    expect([...hosts].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(map({ uuid: nodes[0]?.uuid ?? '', driver: 'redfish', conductorGroup: '' })).toBeUndefined();
  });
});
