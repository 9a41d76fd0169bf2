// TEMPORARY stand-ins until @ferric/core lands; replaced by re-exports of core's typed errors.
export class FerricErrorStandIn extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
export class NodeLocked extends FerricErrorStandIn {
  constructor(
    readonly node: string,
    readonly host: string,
  ) {
    super(`Node ${node} is locked by host ${host}, please retry after the current operation is completed.`);
  }
}
export class NoFreeConductorWorker extends FerricErrorStandIn {
  constructor() {
    super('Requested action cannot be performed due to lack of free conductor workers.');
  }
}
export class NodeNotFound extends FerricErrorStandIn {
  constructor(readonly node: string) {
    super(`Node ${node} could not be found.`);
  }
}
export class InvalidConductorConfig extends FerricErrorStandIn {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid conductor configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
export class PortNotFound extends FerricErrorStandIn {
  constructor(readonly port: string) {
    super(`Port ${port} could not be found.`);
  }
}
export class ConductorAlreadyRegistered extends FerricErrorStandIn {
  constructor(readonly conductor: string) {
    super(`Conductor ${conductor} already registered.`);
  }
}
export class ConductorNotFound extends FerricErrorStandIn {
  constructor(readonly conductor: string) {
    super(`Conductor ${conductor} could not be found.`);
  }
}
export class NoValidHost extends FerricErrorStandIn {}
export class TemporaryFailure extends FerricErrorStandIn {}
