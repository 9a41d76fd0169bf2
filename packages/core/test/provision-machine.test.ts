import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  InvalidStateTransition,
  PROVISION_MACHINE,
  ProvisionEvent,
  type ProvisionEventName,
  type ProvisionStateName,
  STABLE_STATES,
  StateMachine,
} from '@ferric/core';
import { describe, expect, it } from 'vitest';

/**
 * Ironic's own machine as facts (test/fixtures/ironic-provision-machine.json, listed from Ironic's
 * state_machine.py; see its `about`), not our data, so a typo on either side fails the test.
 */
interface IronicMachine {
  states: Record<ProvisionStateName, { stable: boolean; target: ProvisionStateName | null }>;
  transitions: [ProvisionStateName, ProvisionEventName, ProvisionStateName][];
}
const ironic = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fixtures/ironic-provision-machine.json', import.meta.url)), 'utf8'),
) as IronicMachine;

const reference = ironic.transitions;

describe('provision state machine', () => {
  it('has exactly the transitions of the reference table', () => {
    expect(reference.length).toBe(93);
    const ours = Object.entries(PROVISION_MACHINE.transitions).flatMap(([from, events]) =>
      Object.entries(events ?? {}).map(([event, to]) => `${from} --${event}--> ${to}`),
    );
    expect(ours.sort()).toEqual(reference.map(([f, e, t]) => `${f} --${e}--> ${t}`).sort());
  });

  it.each(reference)('%s --%s--> %s', (from, event, to) => {
    const fsm = new StateMachine(PROVISION_MACHINE, from);
    const result = fsm.processEvent(event);
    expect(result.to).toBe(to);
    expect(fsm.currentState).toBe(to);
    if (STABLE_STATES.includes(to)) expect(fsm.targetState).toBeNull();
    else expect(fsm.targetState).toBe(PROVISION_MACHINE.states[to].target);
  });

  const allowed = new Set(reference.map(([f, e]) => `${f}|${e}`));
  const invalid = Object.keys(PROVISION_MACHINE.states).flatMap((state) =>
    Object.values(ProvisionEvent)
      .filter((event) => !allowed.has(`${state}|${event}`))
      .map((event) => [state as ProvisionStateName, event] as const),
  );

  it.each(invalid)('rejects %s --%s--> (no transition)', (state, event) => {
    const fsm = new StateMachine(PROVISION_MACHINE, state);
    expect(() => fsm.processEvent(event)).toThrow(InvalidStateTransition);
    expect(fsm.currentState).toBe(state);
    try {
      fsm.processEvent(event);
    } catch (error) {
      expect((error as InvalidStateTransition).code).toBe('InvalidStateTransition');
      expect((error as InvalidStateTransition).httpStatus).toBe(400);
    }
  });

  it('every state the transitions mention is declared, with a target for transient states', () => {
    for (const [from, , to] of reference) {
      expect(PROVISION_MACHINE.states[from]).toBeDefined();
      expect(PROVISION_MACHINE.states[to]).toBeDefined();
    }
    for (const [state, spec] of Object.entries(PROVISION_MACHINE.states)) {
      expect(spec.stable === true || spec.target !== undefined, state).toBe(true);
    }
  });

  it('has exactly the states of Ironic, each stable or with the same target', () => {
    expect(Object.keys(PROVISION_MACHINE.states).sort()).toEqual(Object.keys(ironic.states).sort());
    for (const [state, { stable, target }] of Object.entries(ironic.states)) {
      const ours = PROVISION_MACHINE.states[state as ProvisionStateName];
      expect(ours.stable === true, state).toBe(stable);
      expect(stable ? null : ours.target, state).toBe(target);
    }
  });

  it('keeps an explicit target state (manual cleaning aims at manageable)', () => {
    const fsm = new StateMachine(PROVISION_MACHINE, 'manageable');
    fsm.processEvent('clean', 'manageable');
    expect(fsm.targetState).toBe('manageable');
    fsm.processEvent('wait', 'manageable');
    expect(fsm.currentState).toBe('clean wait');
    expect(fsm.targetState).toBe('manageable');
    fsm.processEvent('resume', 'manageable');
    fsm.processEvent('manage');
    expect(fsm.currentState).toBe('manageable');
    expect(fsm.targetState).toBeNull();
  });

  it('walks a full lifecycle', () => {
    const fsm = new StateMachine(PROVISION_MACHINE);
    const path: ProvisionEventName[] = [
      'manage',
      'done',
      'provide',
      'done',
      'deploy',
      'wait',
      'resume',
      'done',
      'delete',
      'clean',
      'done',
    ];
    for (const event of path) fsm.processEvent(event);
    expect(fsm.currentState).toBe('available');
    expect(fsm.allowedEvents()).toEqual(['deploy', 'manage']);
  });
});
