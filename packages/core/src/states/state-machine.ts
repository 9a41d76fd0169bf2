import { InvalidStateTransition } from '../errors/catalog.js';

/** How one state behaves: stable states are resting points; others aim at a `target`. @public */
export interface StateSpec<S extends string> {
  /** A resting state: arriving here clears the target. */
  readonly stable?: boolean;
  /** The stable state this transient state works towards. */
  readonly target?: S;
}

/** A finite state machine as plain data. @public */
export interface MachineDefinition<S extends string, E extends string> {
  /** Where a new machine starts. */
  readonly initial: S;
  /** Every state. */
  readonly states: Readonly<Record<S, StateSpec<S>>>;
  /** `transitions[from][event] = to`. */
  readonly transitions: Readonly<Partial<Record<S, Readonly<Partial<Record<E, S>>>>>>;
}

/** Result of {@link StateMachine.processEvent}. @public */
export interface Transition<S extends string, E extends string> {
  readonly from: S;
  readonly event: E;
  readonly to: S;
  /** The stable state being aimed at, or `null` once a stable state is reached. */
  readonly target: S | null;
}

/**
 * A small FSM over a {@link MachineDefinition}. It holds a current and a target
 * state and rejects events the definition does not allow with
 * {@link InvalidStateTransition}. It is cheap: create one per task.
 * @public
 */
export class StateMachine<S extends string, E extends string> {
  #current: S;
  #target: S | null;

  constructor(
    readonly definition: MachineDefinition<S, E>,
    current: S = definition.initial,
    target: S | null = null,
  ) {
    if (!(current in definition.states)) {
      throw new InvalidStateTransition(current, '(initialise)', { details: { reason: 'unknown state' } });
    }
    this.#current = current;
    this.#target = target;
  }

  /** The current state. */
  get currentState(): S {
    return this.#current;
  }

  /** The stable state being aimed at, or `null`. */
  get targetState(): S | null {
    return this.#target;
  }

  /** True when `state` is a resting state. */
  isStable(state: S = this.#current): boolean {
    return this.definition.states[state]?.stable === true;
  }

  /** The events accepted in the current (or given) state. */
  allowedEvents(state: S = this.#current): E[] {
    return Object.keys(this.definition.transitions[state] ?? {}) as E[];
  }

  /** Whether `event` is accepted now. */
  canProcess(event: E): boolean {
    return this.definition.transitions[this.#current]?.[event] !== undefined;
  }

  /**
   * Fire `event`. `targetState` overrides the target the definition gives (Ironic uses
   * it for manual cleaning, which aims at `manageable` instead of `available`).
   * @throws {@link InvalidStateTransition} when the event is not allowed.
   */
  processEvent(event: E, targetState?: S): Transition<S, E> {
    const from = this.#current;
    const to = this.definition.transitions[from]?.[event];
    if (to === undefined) throw new InvalidStateTransition(from, event);
    const spec = this.definition.states[to];
    const target = spec.stable ? null : (targetState ?? spec.target ?? null);
    this.#current = to;
    this.#target = target;
    return { from, event, to, target };
  }
}
