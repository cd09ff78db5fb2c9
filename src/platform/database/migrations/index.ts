import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { BackgroundWork1763800000000 } from './1763800000000-background-work';
import { ReportCounters1763900000000 } from './1763900000000-report-counters';
import { PendingEligibilityIndex1764000000000 } from './1764000000000-pending-eligibility-index';
import { WebPages1764500000000 } from './1764500000000-web-pages';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  BackgroundWork1763800000000,
  ReportCounters1763900000000,
  PendingEligibilityIndex1764000000000,
  WebPages1764500000000,
];
