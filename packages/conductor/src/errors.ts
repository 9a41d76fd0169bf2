import { Conflict, FerricError, Invalid, NotFound, TemporaryFailure } from '@ferric/core';

export {
  ConductorNotFound,
  DuplicateEntry,
  InvalidState,
  NodeLocked,
  NodeNotFound,
  NoFreeConductorWorker,
  NoValidHost,
  PortNotFound,
  TemporaryFailure,
} from '@ferric/core';

/** The node cannot be changed or deleted in its current state (HTTP 409, Ironic's `NodeAssociated`/`InvalidState`). @public */
export class NodeInWrongState extends Conflict {
  static override readonly code: string = 'NodeInWrongState';
}

/** The configuration given to `createConductor` is invalid (every problem listed). @public */
export class InvalidConductorConfig extends Invalid {
  static override readonly code: string = 'InvalidConductorConfig';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid conductor configuration:\n  - ${problems.join('\n  - ')}`, { details: { problems } });
  }
}

/** A task was used after its lock was released or handed back on shutdown. @public */
export class TaskReleased extends FerricError {
  static override readonly code: string = 'TaskReleased';
}

/** The conductor is not running (not started yet, or stopping). @public */
export class ConductorNotRunning extends FerricError {
  static override readonly code: string = 'ConductorNotRunning';
  static override readonly httpStatus: number = 503;
}

/**
 * Too many nodes are deploying or cleaning at once (`maxConcurrentDeploy` / `maxConcurrentClean`,
 * Ironic's `ConcurrentActionLimit`): HTTP 503, clients retry later. @public
 */
export class ConcurrentActionLimit extends TemporaryFailure {
  static override readonly code: string = 'ConcurrentActionLimit';
  constructor(
    readonly action: 'provisioning' | 'cleaning',
    readonly limit: number,
  ) {
    super(
      `Unable to start ${action} for the node: the concurrent ${action} limit (${limit}) was reached. Try again later.`,
      { details: { action, limit } },
    );
  }
}

/** The node is protected: it cannot be undeployed, rebuilt or deleted (Ironic's `NodeProtected`, HTTP 403). @public */
export class NodeProtected extends FerricError {
  static override readonly code: string = 'NodeProtected';
  static override readonly httpStatus: number = 403;
  constructor(node: string) {
    super(`Node ${node} is protected and cannot be undeployed, rebuilt or deleted`);
  }
}

/** The operation is refused on a retired node (Ironic's `NodeIsRetired`, HTTP 400). @public */
export class NodeIsRetired extends Invalid {
  static override readonly code: string = 'NodeIsRetired';
  constructor(op: string, node: string) {
    super(`The ${op} operation can't be performed on node ${node} because it is retired.`);
  }
}

/** The chassis still holds nodes (Ironic's `ChassisNotEmpty`, HTTP 400). @public */
export class ChassisNotEmpty extends Invalid {
  static override readonly code: string = 'ChassisNotEmpty';
  constructor(chassis: string) {
    super(`Cannot complete the requested action because chassis ${chassis} contains nodes.`);
  }
}

/** The port group still has ports (Ironic's `PortgroupNotEmpty`, HTTP 400). @public */
export class PortgroupNotEmpty extends Invalid {
  static override readonly code: string = 'PortgroupNotEmpty';
  constructor(portgroup: string) {
    super(`Cannot complete the requested action because portgroup ${portgroup} contains ports.`);
  }
}

/**
 * Two periodic tasks of one conductor have the same id (same package, class and method: e.g. two
 * classes a minifier renamed alike inside one package). Ids of different packages never clash. @public
 */
export class DuplicatePeriodicTask extends Conflict {
  static override readonly code: string = 'DuplicatePeriodicTask';
  constructor(readonly id: string) {
    super(`Periodic task ${id} is already registered on this conductor.`, { details: { id } });
  }
}

/** No periodic task has this id (or short name) on this conductor (HTTP 404). @public */
export class PeriodicTaskNotFound extends NotFound {
  static override readonly code: string = 'PeriodicTaskNotFound';
  constructor(ident: string, detail = '') {
    super(`Periodic task ${ident} could not be found.${detail}`, { details: { periodic: ident } });
  }
}

/** A periodic task cannot be triggered while its previous run is still going (runs never overlap). @public */
export class PeriodicTaskRunning extends Conflict {
  static override readonly code: string = 'PeriodicTaskRunning';
  constructor(readonly id: string) {
    super(`Periodic task ${id} is running; a task never overlaps itself.`, { details: { id } });
  }
}
