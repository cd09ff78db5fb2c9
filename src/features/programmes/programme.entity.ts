import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../../platform/database/column-transformers';
import type { ReasonTexts } from './reason-texts';
import type { Allocation } from './allocation-rule';

export interface Region {
  postcodeRanges: [string, string][];
}

@Entity('programmes')
export class Programme {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ type: 'char', length: 2 }) province: string;
  @Column('text', { array: true }) funders: string[];
  @Column({ name: 'budget_cents', type: 'bigint', transformer: bigintAsNumber }) budgetCents: number;
  @Column({ name: 'min_amount_cents', type: 'integer' }) minAmountCents: number;
  @Column({ name: 'max_amount_cents', type: 'integer' }) maxAmountCents: number;
  @Column({ name: 'max_co_funding_percent', type: 'integer' }) maxCoFundingPercent: number;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt: Date;
  @Column({ type: 'jsonb' }) region: Region;
  @Column('text', { name: 'target_groups', array: true }) targetGroups: string[];
  @Column('text', { name: 'training_kinds', array: true }) trainingKinds: string[];
  @Column('integer', { array: true }) milestones: number[];
  @Column({ type: 'jsonb' }) targets: { vouchers?: number };
  @Column({ name: 'four_eyes', type: 'boolean' }) fourEyes: boolean;
  @Column({ name: 'voucher_validity_days', type: 'integer' }) voucherValidityDays: number;
  @Column({ name: 'provider_cap', type: 'integer', nullable: true }) providerCap: number | null;
  /** Days an applicant has to supply what an officer asked for (Awb 4:5). */
  @Column({ name: 'information_term_days', type: 'integer', default: 14 }) informationTermDays: number;
  /** Standard texts for a decision's reason, per action (reason-texts.ts); empty: the default texts. */
  @Column({ name: 'reason_texts', type: 'jsonb' }) reasonTexts: ReasonTexts;
  /** How the budget goes out: in order of submission, or by a daily lottery (docs/domain.md). */
  @Column({ type: 'text', default: 'first-come' }) allocation: Allocation;
  @Column({ name: 'granted_count', type: 'integer', default: 0 }) grantedCount: number;
  @Column({ name: 'committed_cents', type: 'bigint', default: 0, transformer: bigintAsNumber })
  committedCents: number;
  @Column({ name: 'spent_cents', type: 'bigint', default: 0, transformer: bigintAsNumber }) spentCents: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
