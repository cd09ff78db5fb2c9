import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Counts by category, every known category present (zeros too). */
export type Breakdown = Record<string, number>;

/**
 * The programme as it stood when a milestone was reached, kept for the press release and
 * the report. The breakdowns cover the vouchers with ordinals 1..threshold — exactly the
 * first `threshold` vouchers ever granted, including any withdrawn or expired since — so
 * the figures do not depend on how late the worker ran. The money counters are the
 * programme's own at `takenAt` (normally seconds after the grant).
 */
export interface MilestoneSnapshot {
  takenAt: string;
  threshold: number;
  vouchers: {
    count: number;
    amountCents: number;
    byTargetGroup: Breakdown;
    byTrainingKind: Breakdown;
    byGender: Breakdown;
  };
  grantedCount: number;
  committedCents: number;
  spentCents: number;
  budgetCents: number;
}

@Entity('milestones')
export class Milestone {
  @PrimaryColumn({ name: 'programme_id', type: 'uuid' }) programmeId: string;
  @PrimaryColumn({ type: 'integer' }) threshold: number;
  @Column({ type: 'integer' }) ordinal: number;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'reached_at', type: 'timestamptz' }) reachedAt: Date;
  /** Written once by the AnnounceMilestone job (only while NULL). */
  @Column({ type: 'jsonb', nullable: true }) snapshot: MilestoneSnapshot | null;
}
