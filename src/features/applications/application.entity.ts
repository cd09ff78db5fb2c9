import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationStatus } from './application-status';

export type BudgetPosition = 'within' | 'reserve';

export interface ApplicantDetails {
  name: string;
  email: string;
  postcode: string;
  dateOfBirth: string;
  gender: 'female' | 'male' | 'non-binary' | 'undisclosed';
  targetGroup: string;
  locale: 'nl' | 'en';
  publicityConsent: boolean;
}

export interface EmployerDetails {
  name: string;
  kvkNumber: string;
  postcode: string;
}

export interface TrainingDetails {
  provider: string;
  title: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  costCents: number;
}

export interface EligibilityCheck {
  rule: string;
  outcome: 'pass' | 'fail' | 'warn';
  /** In Dutch, the language of the programme's decisions. */
  message: string;
  messageEn: string;
}

export interface EligibilityResult {
  status: 'pending' | 'passed' | 'failed';
  checkedAt: string | null;
  checks: EligibilityCheck[];
}

/** The officer's decision on an application, as the applicant may contest it. */
export interface DecisionRecord {
  action: string;
  reason: string | null;
  objectionDeadline?: string;
  /** Who took it: an objection against it is never handled by them (Awb 7:5). */
  decidedBy?: string;
  decidedAt?: string;
}

/** What an officer asked the applicant for (Awb 4:5), open while the application waits for it. */
export interface InformationRequest {
  reason: string;
  /** The last day to supplement (YYYY-MM-DD). */
  dueOn: string;
  requestedAt: string;
  requestedBy: string;
}

/** An objection against a decision (Awb chapter 7), and once decided, the decision on it. */
export interface ObjectionRecord {
  reason: string;
  lodgedAt: string;
  /** When the decision on the objection is due (YYYY-MM-DD). */
  decisionDueOn: string;
  /** The decision objected to. */
  contested: DecisionRecord;
  outcome: null | 'upheld' | 'dismissed';
  outcomeReason?: string;
  decidedBy?: string;
  decidedAt?: string;
}

@Entity('applications')
export class Application {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() reference: string;
  @Column({ name: 'programme_id', type: 'uuid' }) programmeId: string;
  @Column({ name: 'programme_code' }) programmeCode: string;
  @Column({ name: 'owner_id' }) ownerId: string;
  @Column({ type: 'text' }) status: ApplicationStatus;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) applicant: ApplicantDetails;
  @Column({ type: 'jsonb', nullable: true }) employer: EmployerDetails | null;
  @Column({ type: 'jsonb' }) training: TrainingDetails;
  @Column({ type: 'text', nullable: true }) motivation: string | null;
  @Column({ name: 'requested_amount_cents', type: 'integer' }) requestedAmountCents: number;
  @Column({ name: 'granted_amount_cents', type: 'integer', nullable: true }) grantedAmountCents: number | null;
  @Column({ name: 'voucher_code', type: 'text', nullable: true }) voucherCode: string | null;
  @Column({ name: 'voucher_ordinal', type: 'integer', nullable: true }) voucherOrdinal: number | null;
  @Column({ name: 'voucher_expires_on', type: 'date', nullable: true }) voucherExpiresOn: string | null;
  @Column({ type: 'jsonb', nullable: true }) eligibility: EligibilityResult | null;
  @Column({ type: 'jsonb', nullable: true }) decision: DecisionRecord | null;
  @Column({ name: 'information_request', type: 'jsonb', nullable: true }) informationRequest: InformationRequest | null;
  @Column({ type: 'jsonb', nullable: true }) objection: ObjectionRecord | null;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey: string | null;
  @Column({ name: 'request_hash', type: 'text', nullable: true }) requestHash: string | null;
  @Column({ name: 'granted_at', type: 'timestamptz', nullable: true }) grantedAt: Date | null;
  /** When it was closed (a final status; a rejection once its objection deadline passed): retention counts from here. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  /** When the retention job removed its personal data (docs/privacy.md); null while kept. */
  @Column({ name: 'personal_data_removed_at', type: 'timestamptz', nullable: true })
  personalDataRemovedAt: Date | null;
  /** Its place in the programme's queue (1 = first); null while its lottery day is not drawn. */
  @Column({ type: 'integer', nullable: true }) rank: number | null;
  /** Within budget or on the reserve list while it waits; null otherwise (the allocation feature keeps it). */
  @Column({ name: 'budget_position', type: 'text', nullable: true }) budgetPosition: BudgetPosition | null;
  @Column({ name: 'reserve_position', type: 'integer', nullable: true }) reservePosition: number | null;
  /** When it moved from the reserve list within budget and the applicant was told (once). */
  @Column({ name: 'moved_within_at', type: 'timestamptz', nullable: true }) movedWithinAt: Date | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
