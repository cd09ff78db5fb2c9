/** The words of the lifecycle: its states and its actions (rows in voucher-lifecycle.ts). */

export const APPLICATION_STATUSES = [
  'submitted',
  'reviewed',
  'granted',
  'completed',
  'rejected',
  'withdrawn',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ACTIONS = ['submit', 'review', 'grant', 'reject', 'complete', 'withdraw', 'expire'] as const;
export type Action = (typeof ACTIONS)[number];
