/**
 * The task and workflow state machines of orquesta/machines.py, restricted to the statuses a
 * headless run reaches (no pause or cancel requests): events named as Orquesta names them.
 */
import { S, type Status } from './statuses.js';

const ITEM_SUFFIXES = ['paused', 'canceled', 'failed', 'incomplete', 'completed'] as const;

function itemEvents(action: string, to: (suffix: (typeof ITEM_SUFFIXES)[number]) => Status) {
  return Object.fromEntries(ITEM_SUFFIXES.map((s) => [`action_${action}_task_dormant_items_${s}`, to(s)]));
}

const TASK_MACHINE: Partial<Record<Status, Record<string, Status>>> = {
  [S.unset]: {
    action_requested: S.requested,
    action_scheduled: S.scheduled,
    action_delayed: S.delayed,
    action_running: S.running,
    action_pending: S.pending,
    task_continue_requested: S.succeeded,
    task_noop_requested: S.succeeded,
    task_fail_requested: S.failed,
  },
  [S.running]: {
    action_running: S.running,
    action_pending: S.pending,
    action_failed: S.failed,
    ...itemEvents('failed', (s) => (s === 'canceled' ? S.canceled : S.failed)),
    action_expired: S.failed,
    ...itemEvents('expired', (s) => (s === 'canceled' ? S.canceled : S.failed)),
    action_abandoned: S.failed,
    ...itemEvents('abandoned', (s) => (s === 'canceled' ? S.canceled : S.failed)),
    action_canceled: S.canceled,
    action_succeeded: S.succeeded,
    action_succeeded_task_active_items_incomplete: S.running,
    action_succeeded_task_dormant_items_canceled: S.canceled,
    action_succeeded_task_dormant_items_paused: S.paused,
    action_succeeded_task_dormant_items_failed: S.failed,
    action_succeeded_task_dormant_items_incomplete: S.running,
    action_succeeded_task_dormant_items_completed: S.succeeded,
  },
  [S.retrying]: { action_running: S.running, action_canceled: S.canceled },
  [S.succeeded]: { task_retry_requested: S.retrying },
  [S.failed]: { task_retry_requested: S.retrying },
};

/** The new task status for an event name, or undefined when the event changes nothing. */
export function nextTaskStatus(current: Status, event: string): Status | undefined {
  return TASK_MACHINE[current]?.[event];
}

const WORKFLOW_MACHINE: Partial<Record<Status, Record<string, Status>>> = {
  [S.unset]: { workflow_running: S.running, workflow_failed: S.failed },
  [S.running]: {
    workflow_failed: S.failed,
    workflow_succeeded: S.succeeded,
    task_succeeded_workflow_active_incomplete: S.running,
    task_succeeded_workflow_active_completed: S.running,
    task_succeeded_workflow_dormant_incomplete: S.running,
    task_succeeded_workflow_dormant_completed: S.succeeded,
    task_failed_workflow_active: S.failed,
    task_failed_workflow_dormant: S.failed,
    task_remediated_workflow_active_incomplete: S.running,
    task_remediated_workflow_active_completed: S.running,
    task_remediated_workflow_dormant_incomplete: S.running,
    task_remediated_workflow_dormant_completed: S.succeeded,
    task_canceled_workflow_active: S.canceling,
    task_canceled_workflow_dormant: S.canceled,
  },
  [S.succeeded]: { workflow_failed: S.failed },
  [S.failed]: {},
};

export function nextWorkflowStatus(current: Status, event: string): Status | undefined {
  return WORKFLOW_MACHINE[current]?.[event];
}

/** Task events whose name Orquesta extends with whether other tasks are still active. */
export const TASK_CONDITIONAL_EVENTS = [
  'task_pending',
  'task_paused',
  'task_succeeded',
  'task_failed',
  'task_remediated',
  'task_canceled',
  'task_retrying',
];
