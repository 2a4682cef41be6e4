/** Orquesta's task and workflow statuses (orquesta/statuses.py), spelled as Orquesta spells them. */
export const S = {
  requested: 'requested',
  scheduled: 'scheduled',
  delayed: 'delayed',
  running: 'running',
  pending: 'pending',
  pausing: 'pausing',
  paused: 'paused',
  resuming: 'resuming',
  succeeded: 'succeeded',
  failed: 'failed',
  expired: 'timeout',
  abandoned: 'abandoned',
  retrying: 'retrying',
  canceling: 'canceling',
  canceled: 'canceled',
  unset: 'null',
} as const;

export type Status = (typeof S)[keyof typeof S];

export const STARTING: readonly Status[] = [S.requested, S.scheduled, S.delayed, S.running, S.pending];
export const RUNNING: readonly Status[] = [
  S.requested,
  S.scheduled,
  S.delayed,
  S.running,
  S.resuming,
  S.retrying,
];
export const ACTIVE: readonly Status[] = [
  S.requested,
  S.scheduled,
  S.delayed,
  S.running,
  S.resuming,
  S.pausing,
  S.canceling,
];
export const ABENDED: readonly Status[] = [S.failed, S.expired, S.abandoned];
export const COMPLETED: readonly Status[] = [S.succeeded, S.failed, S.expired, S.abandoned, S.canceled];

export function isIn(status: Status | undefined, group: readonly Status[]): boolean {
  return status !== undefined && group.includes(status);
}
