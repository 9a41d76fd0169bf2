/**
 * Provision states (`node.provision_state`), spelled exactly as Ironic's API shows them.
 * @public
 */
export const ProvisionState = {
  ENROLL: 'enroll',
  VERIFYING: 'verifying',
  MANAGEABLE: 'manageable',
  AVAILABLE: 'available',
  ACTIVE: 'active',
  ERROR: 'error',
  DEPLOYING: 'deploying',
  DEPLOYWAIT: 'wait call-back',
  DEPLOYFAIL: 'deploy failed',
  DEPLOYHOLD: 'deploy hold',
  DELETING: 'deleting',
  CLEANING: 'cleaning',
  CLEANWAIT: 'clean wait',
  CLEANFAIL: 'clean failed',
  CLEANHOLD: 'clean hold',
  INSPECTING: 'inspecting',
  INSPECTWAIT: 'inspect wait',
  INSPECTFAIL: 'inspect failed',
  ADOPTING: 'adopting',
  ADOPTFAIL: 'adopt failed',
  RESCUING: 'rescuing',
  RESCUEWAIT: 'rescue wait',
  RESCUEFAIL: 'rescue failed',
  RESCUE: 'rescue',
  UNRESCUING: 'unrescuing',
  UNRESCUEFAIL: 'unrescue failed',
  SERVICING: 'servicing',
  SERVICEWAIT: 'service wait',
  SERVICEFAIL: 'service failed',
  SERVICEHOLD: 'service hold',
} as const;

/** A value of `node.provision_state`. @public */
export type ProvisionStateName = (typeof ProvisionState)[keyof typeof ProvisionState];

/** Events of the provision state machine. @public */
export const ProvisionEvent = {
  MANAGE: 'manage',
  PROVIDE: 'provide',
  CLEAN: 'clean',
  INSPECT: 'inspect',
  ADOPT: 'adopt',
  DEPLOY: 'deploy',
  REBUILD: 'rebuild',
  DELETE: 'delete',
  RESCUE: 'rescue',
  UNRESCUE: 'unrescue',
  SERVICE: 'service',
  ABORT: 'abort',
  HOLD: 'hold',
  UNHOLD: 'unhold',
  WAIT: 'wait',
  RESUME: 'resume',
  DONE: 'done',
  FAIL: 'fail',
} as const;

/** One of {@link ProvisionEvent}. @public */
export type ProvisionEventName = (typeof ProvisionEvent)[keyof typeof ProvisionEvent];

const S = ProvisionState;

/** States that are resting points; arriving in one clears `target_provision_state`. @public */
export const STABLE_STATES: readonly ProvisionStateName[] = [
  S.ENROLL,
  S.MANAGEABLE,
  S.AVAILABLE,
  S.ACTIVE,
  S.ERROR,
  S.RESCUE,
];

/** States in which work is in flight (`*ing`) or awaited (`*wait`). @public */
export const UNSTABLE_STATES: readonly ProvisionStateName[] = [
  S.DEPLOYING,
  S.DEPLOYWAIT,
  S.CLEANING,
  S.CLEANWAIT,
  S.VERIFYING,
  S.DELETING,
  S.INSPECTING,
  S.INSPECTWAIT,
  S.ADOPTING,
  S.RESCUING,
  S.RESCUEWAIT,
  S.UNRESCUING,
  S.SERVICING,
  S.SERVICEWAIT,
];

/** Failure states. @public */
export const FAILURE_STATES: readonly ProvisionStateName[] = [
  S.DEPLOYFAIL,
  S.CLEANFAIL,
  S.INSPECTFAIL,
  S.ADOPTFAIL,
  S.RESCUEFAIL,
  S.UNRESCUEFAIL,
  S.SERVICEFAIL,
  S.ERROR,
];

/** States from which a node may be deleted. @public */
export const DELETE_ALLOWED_STATES: readonly ProvisionStateName[] = [S.MANAGEABLE, S.ENROLL, S.ADOPTFAIL];

/** States in which a ramdisk agent may look its node up (`/v1/lookup`). @public */
export const LOOKUP_ALLOWED_STATES: readonly ProvisionStateName[] = [
  S.DEPLOYING,
  S.DEPLOYWAIT,
  S.CLEANING,
  S.CLEANWAIT,
  S.INSPECTING,
  S.INSPECTWAIT,
  S.RESCUING,
  S.RESCUEWAIT,
  S.SERVICEWAIT,
];

/** States in which periodic power-state sync leaves a node alone. @public */
export const SYNC_EXCLUDED_STATES: readonly ProvisionStateName[] = [
  S.DEPLOYWAIT,
  S.CLEANWAIT,
  S.ENROLL,
  S.ADOPTFAIL,
];

/**
 * API verbs (`PUT /states/provision {"target": verb}`) and the event each fires.
 * `rebuild` fires `rebuild`; `active`/`deploy` fire `deploy`; `deleted`/`undeploy` fire `delete`.
 * @public
 */
export const VERBS: Readonly<Record<string, ProvisionEventName>> = {
  active: 'deploy',
  deploy: 'deploy',
  rebuild: 'rebuild',
  deleted: 'delete',
  undeploy: 'delete',
  manage: 'manage',
  provide: 'provide',
  inspect: 'inspect',
  abort: 'abort',
  clean: 'clean',
  adopt: 'adopt',
  rescue: 'rescue',
  unrescue: 'unrescue',
  unhold: 'unhold',
  service: 'service',
};
