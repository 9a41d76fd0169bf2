/** Ironic's provision states, grouped the way an operator reads them. */

export const FAILURE_STATES = [
  'error',
  'deploy failed',
  'clean failed',
  'inspect failed',
  'rescue failed',
  'unrescue failed',
  'adopt failed',
  'service failed',
];

export const STABLE_STATES = ['enroll', 'manageable', 'available', 'active', 'rescue'];

/** Everything else is work in progress (or waiting for it). */
export function isInProgress(state: string): boolean {
  return !FAILURE_STATES.includes(state) && !STABLE_STATES.includes(state);
}

/** A CSS class for a state badge. */
export function stateClass(state: string): string {
  if (FAILURE_STATES.includes(state)) return 'state failed';
  if (state === 'active') return 'state active';
  if (state === 'available') return 'state available';
  if (isInProgress(state)) return 'state busy';
  return 'state';
}

/** "3 min 12 s" since an ISO time. */
export function elapsed(since: string | null | undefined, now: number = Date.now()): string {
  if (!since) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
