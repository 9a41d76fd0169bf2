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
 * The transition table is read from the shared Ironic reference (ironic.md §4.2),
 * not from our own data, so a typo in either side fails the test.
 */
function referenceTransitions(): [ProvisionStateName, ProvisionEventName, ProvisionStateName][] {
  const doc = readFileSync(
    fileURLToPath(new URL('../../../../shared/reference/ironic.md', import.meta.url)),
    'utf8',
  );
  const section = doc.slice(doc.indexOf('### 4.2'), doc.indexOf('### 4.3'));
  const rows: [ProvisionStateName, ProvisionEventName, ProvisionStateName][] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || cells[1] === 'from' || cells[1]?.startsWith('---')) continue;
    const from = cells[1] as ProvisionStateName;
    for (const transition of cells[2]!.split(',')) {
      const [event, to] = transition
        .replace(/\*/g, '')
        .split('→')
        .map((s) => s.trim());
      if (event && to) rows.push([from, event as ProvisionEventName, to as ProvisionStateName]);
    }
  }
  return rows;
}

const reference = referenceTransitions();

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
