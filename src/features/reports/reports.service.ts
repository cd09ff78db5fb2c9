import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { reportAccess } from '../access/access-policy';
import { LAST_ORDINAL_BEFORE_SQL, lastOrdinalsBefore } from '../applications/application-reads.service';
import { REACHED_MILESTONES_SQL, reachedMilestones } from '../milestones/milestone-reads';
import type { Programme } from '../programmes/programme.entity';
import { programmeStatus } from '../programmes/programme-status';
import { PROGRAMME_COUNTERS_SQL, ProgrammesService } from '../programmes/programmes.service';
import { compactAllReportDeltas, compactReportDeltas } from './report-counters';
import { Disclosure, disclosureFor } from './report-disclosure';
import {
  addCellSums,
  breakdownsView,
  CellSum,
  emptyFigures,
  Figures,
  GRANT_RATE_DAYS,
  grantRate,
  mergeFigures,
  nextMilestone,
  percentOf,
} from './report-figures';

const DAY_MS = 86_400_000;

/**
 * The aggregates of each programme: its rollups plus the pending deltas rolled up the same
 * way, in one statement (one snapshot), so a compaction running meanwhile changes nothing.
 */
const FIGURES_SQL = `
  SELECT programme_id AS "programmeId", dimension, value, voucher, sum(n)::int AS count
  FROM (
    SELECT programme_id, dimension, value, voucher, count AS n
    FROM report_rollups WHERE programme_id = ANY($1::uuid[])
    UNION ALL
    SELECT d.programme_id, k.dimension, k.value, k.voucher, d.delta
    FROM report_deltas d
    CROSS JOIN LATERAL report_rollup_keys(d.status, d.target_group, d.gender, d.training_kind, d.grant_month) k
    WHERE d.programme_id = ANY($1::uuid[])
  ) AS figures
  GROUP BY 1, 2, 3, 4`;

/**
 * The statements a report runs, each owned by the feature whose table it reads; their cost
 * must not grow with the applications (checked by a test on their plans). Parameters: the
 * programme ids, and for grantsInWindow also the start of the window.
 */
export const REPORT_QUERIES = {
  /** reports: rollups plus pending deltas. */
  figures: FIGURES_SQL,
  /** applications: the ordinal of the last voucher granted before the window (one index step). */
  grantsInWindow: LAST_ORDINAL_BEFORE_SQL,
  /** programmes: the fresh counters. */
  counters: PROGRAMME_COUNTERS_SQL,
  /** milestones: those reached. */
  milestones: REACHED_MILESTONES_SQL,
};

export type ProgrammeReport = ReturnType<ReportsService['programmeView']>;
export type ProvinceReport = Awaited<ReturnType<ReportsService['provinceReport']>>;

interface ProgrammeData {
  programme: Programme;
  figures: Figures;
  grantsInWindow: number;
  milestones: { threshold: number; reachedAt: Date }[];
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammesService,
  ) {}

  /** GET /programmes/{code}/report: officers in scope, provincial staff of its province, admins. */
  async programmeReport(actor: Actor, code: string) {
    const programme = await this.programmes.byCode(code);
    if (!programme || !reportAccess.canRead(actor, programme)) {
      throw new DomainError('not-found', `No programme ${code}`);
    }
    const now = new Date();
    const [data] = await this.collect([programme], now);
    return this.programmeView(data, disclosureFor(actor.role), now);
  }

  /**
   * GET /provinces/{province}/report: the province's programmes that the caller may see —
   * all of them for its provincial staff and admins, the ones in scope for an officer.
   * Nothing visible (or no such province) is a 404.
   */
  async provinceReport(actor: Actor, provinceParam: string) {
    const province = provinceParam.toUpperCase();
    const programmes = /^[A-Z]{2}$/.test(province)
      ? (await this.programmes.inProvince(province)).filter((p) => reportAccess.canRead(actor, p))
      : [];
    if (programmes.length === 0) throw new DomainError('not-found', `No report for province ${provinceParam}`);
    return this.provinceView(province, programmes, disclosureFor(actor.role), new Date());
  }

  /** The province report under a given disclosure, for callers without a token (a scheduled mail). */
  async provinceView(province: string, programmes: Programme[], disclosure: Disclosure, now: Date) {
    const data = await this.collect(programmes, now);
    const totalFigures = mergeFigures(data.map((d) => d.figures));
    const granted = data.reduce((sum, d) => sum + d.programme.grantedCount, 0);
    const targets = data.map((d) => d.programme.targets?.vouchers).filter((v): v is number => typeof v === 'number');
    const target = targets.length ? targets.reduce((a, b) => a + b, 0) : null;
    const grantsInWindow = data.reduce((sum, d) => sum + d.grantsInWindow, 0);
    const budget = data.reduce(
      (sum, { programme: p }) => ({
        totalCents: sum.totalCents + p.budgetCents,
        committedCents: sum.committedCents + p.committedCents,
        spentCents: sum.spentCents + p.spentCents,
        availableCents: sum.availableCents + (p.budgetCents - p.committedCents - p.spentCents),
      }),
      { totalCents: 0, committedCents: 0, spentCents: 0, availableCents: 0 },
    );
    const offer = {
      targetGroups: [...new Set(programmes.flatMap((p) => p.targetGroups))],
      trainingKinds: [...new Set(programmes.flatMap((p) => p.trainingKinds))],
    };
    return {
      province,
      generatedAt: now.toISOString(),
      disclosure,
      programmes: data.map((d) => this.programmeView(d, disclosure, now)),
      totals: {
        ...breakdownsView(totalFigures, offer, disclosure),
        budget,
        vouchers: {
          granted,
          target,
          percentOfTarget: percentOf(granted, target),
          byStatus: { ...totalFigures.vouchersByStatus },
        },
        grantRate: grantRate(grantsInWindow),
      },
    };
  }

  /** Folds the pending deltas of every programme (the scheduled compaction); 'skipped' when there were none. */
  async compactAll(): Promise<'done' | 'skipped'> {
    return (await compactAllReportDeltas(this.db)) > 0 ? 'done' : 'skipped';
  }

  /**
   * Folds pending deltas (when no other compaction holds them), then reads what each owner
   * keeps: the counters (programmes), the figures (reports), the last ordinal before the window
   * (applications) and the milestones reached (milestones). One statement each, none growing
   * with the applications, in one REPEATABLE READ transaction: one snapshot, so the
   * counters, the figures and the milestones add up even while transitions go on.
   */
  private async collect(programmes: Programme[], now: Date): Promise<ProgrammeData[]> {
    const ids = programmes.map((p) => p.id);
    await compactReportDeltas(this.db, ids);
    const windowStart = new Date(now.getTime() - GRANT_RATE_DAYS * DAY_MS);
    const { counters, figures, ordinals, milestones } = await this.db.transaction('REPEATABLE READ', async (tx) => ({
      counters: await this.programmes.countersOf(ids, tx),
      figures: await tx.query<CellSum[]>(FIGURES_SQL, [ids]),
      ordinals: await lastOrdinalsBefore(tx, ids, windowStart),
      milestones: await reachedMilestones(tx, ids),
    }));
    return programmes.map((p) => {
      const fresh = counters.find((c) => c.id === p.id);
      const programme: Programme = fresh
        ? {
            ...p,
            budgetCents: fresh.budgetCents,
            grantedCount: fresh.grantedCount,
            committedCents: fresh.committedCents,
            spentCents: fresh.spentCents,
            targets: fresh.targets,
            milestones: fresh.milestones,
            closesAt: fresh.closesAt,
          }
        : p;
      return {
        programme,
        figures: addCellSums(
          emptyFigures(),
          figures.filter((f) => f.programmeId === p.id),
        ),
        // Vouchers granted in the window: the count now minus the ordinal of the last one before it.
        grantsInWindow: fresh ? Math.max(fresh.grantedCount - (ordinals.get(p.id) ?? 0), 0) : 0,
        milestones: milestones
          .filter((m) => m.programmeId === p.id)
          .map((m) => ({ threshold: m.threshold, reachedAt: m.reachedAt })),
      };
    });
  }

  programmeView(
    { programme: p, figures, grantsInWindow, milestones }: ProgrammeData,
    disclosure: Disclosure,
    now: Date,
  ) {
    const target = p.targets?.vouchers ?? null;
    return {
      programme: {
        code: p.code,
        name: p.name,
        province: p.province,
        status: programmeStatus(p, now),
        opensAt: p.opensAt.toISOString(),
        closesAt: p.closesAt.toISOString(),
      },
      generatedAt: now.toISOString(),
      disclosure,
      ...breakdownsView(figures, p, disclosure),
      budget: {
        totalCents: p.budgetCents,
        committedCents: p.committedCents,
        spentCents: p.spentCents,
        availableCents: p.budgetCents - p.committedCents - p.spentCents,
      },
      vouchers: {
        granted: p.grantedCount,
        target,
        percentOfTarget: percentOf(p.grantedCount, target),
        byStatus: { ...figures.vouchersByStatus },
      },
      grantRate: grantRate(grantsInWindow),
      milestones: {
        reached: milestones.map((m) => ({ threshold: m.threshold, reachedAt: m.reachedAt.toISOString() })),
        next: nextMilestone({
          thresholds: p.milestones,
          granted: p.grantedCount,
          grantsInWindow,
          now,
          closesAt: p.closesAt,
        }),
      },
    };
  }
}
