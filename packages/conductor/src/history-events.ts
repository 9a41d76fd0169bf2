import { type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { NewNodeHistory } from './db/node-history-repository.js';
import type { NodeRecord } from './model.js';

/*
 * What a saved node change is worth recording in `node_history`, following Ironic's
 * `utils.node_history_record` call sites: every new `last_error` (ERROR, typed by the operation
 * that failed: deploy, clean, inspection, verify, power…) and a power state the hardware changed
 * behind the conductor's back (WARNING, `monitoring`). Like Ironic, successful transitions are not
 * recorded (they are on the event stream).
 */

const EVENT_TYPE_BY_STATE: ReadonlyArray<readonly [readonly ProvisionStateName[], string]> = [
  [[S.DEPLOYING, S.DEPLOYWAIT, S.DEPLOYFAIL, S.DEPLOYHOLD], 'deploying'],
  [[S.CLEANING, S.CLEANWAIT, S.CLEANFAIL, S.CLEANHOLD], 'cleaning'],
  [[S.INSPECTING, S.INSPECTWAIT, S.INSPECTFAIL], 'introspection'],
  [[S.VERIFYING], 'verify'],
  [[S.RESCUING, S.RESCUEWAIT, S.RESCUEFAIL, S.UNRESCUING, S.UNRESCUEFAIL], 'rescue'],
  [[S.DELETING, S.ERROR], 'unprovision'],
  [[S.SERVICING, S.SERVICEWAIT, S.SERVICEFAIL, S.SERVICEHOLD], 'service'],
  [[S.ADOPTING, S.ADOPTFAIL], 'provisioning'],
];

/** Ironic-style event type of an error seen while the node was in `state` during `purpose`. */
export function historyEventType(state: ProvisionStateName, purpose: string): string {
  if (/power/i.test(purpose)) return purpose.includes('sync') ? 'monitoring' : 'power';
  if (/take ?over|resume/i.test(purpose)) return 'conductor';
  if (/maintenance/i.test(purpose)) return 'maintenance';
  for (const [states, type] of EVENT_TYPE_BY_STATE) if (states.includes(state)) return type;
  return 'provisioning';
}

/**
 * History entries for a committed change from `old` to `now` (by the conductor `host`, while running
 * `purpose`, triggered by state-machine `cause` if any).
 */
export function historyEntriesFor(
  old: NodeRecord,
  now: NodeRecord,
  host: string,
  purpose: string,
  _cause: string | undefined,
): NewNodeHistory[] {
  const entries: NewNodeHistory[] = [];
  const base = { nodeUuid: now.uuid, conductor: host, user: null };
  if (now.lastError && now.lastError !== old.lastError) {
    entries.push({
      ...base,
      eventType: historyEventType(old.provisionState, purpose),
      severity: 'ERROR',
      event: now.lastError,
    });
  }
  if (
    now.powerState !== old.powerState &&
    old.powerState !== null &&
    /sync/i.test(purpose) &&
    old.targetPowerState === null
  ) {
    entries.push({
      ...base,
      eventType: 'monitoring',
      severity: 'WARNING',
      event: `Power state of the node changed outside of the conductor: recorded ${old.powerState}, hardware reports ${now.powerState}.`,
    });
  }
  return entries;
}
