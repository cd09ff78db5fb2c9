import type { allocationNl } from './allocation.nl';

/** The applicant's place in the budget, in English; the same keys as the Dutch. */
export const allocationEn: { [K in keyof typeof allocationNl]: string } = {
  place: 'Budget',
  within: 'Your application is within the budget.',
  reserve:
    'Your application is on the reserve list, position {position}. When money comes free you move up; we will let you know.',
  notDrawn: 'Your place in the queue is drawn by lot after the end of the day.',
};
