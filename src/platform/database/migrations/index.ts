import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { BackgroundWork1763800000000 } from './1763800000000-background-work';
import { ReportCounters1763900000000 } from './1763900000000-report-counters';
import { PendingEligibilityIndex1764000000000 } from './1764000000000-pending-eligibility-index';
import { WebPages1764500000000 } from './1764500000000-web-pages';
import { InformationRequestsAndObjections1765000000000 } from './1765000000000-information-requests-and-objections';
import { Documents1765000000001 } from './1765000000001-documents';
import { PersonalData1766000000000 } from './1766000000000-personal-data';
import { DocumentContentRetention1766000000001 } from './1766000000001-document-content-retention';
import { Webhooks1767000000000 } from './1767000000000-webhooks';
import { Allocation1767100000000 } from './1767100000000-allocation';
import { ProgrammeReasonTexts1767300000000 } from './1767300000000-programme-reason-texts';
import { QueueRankOrder1767400000000 } from './1767400000000-queue-rank-order';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  BackgroundWork1763800000000,
  ReportCounters1763900000000,
  PendingEligibilityIndex1764000000000,
  WebPages1764500000000,
  InformationRequestsAndObjections1765000000000,
  Documents1765000000001,
  PersonalData1766000000000,
  DocumentContentRetention1766000000001,
  Webhooks1767000000000,
  Allocation1767100000000,
  ProgrammeReasonTexts1767300000000,
  QueueRankOrder1767400000000,
];
