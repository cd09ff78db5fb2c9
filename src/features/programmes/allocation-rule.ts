/** How a programme hands out its budget: in order of submission, or by a daily lottery (docs/domain.md). */
export const ALLOCATIONS = ['first-come', 'daily-lottery'] as const;
export type Allocation = (typeof ALLOCATIONS)[number];
