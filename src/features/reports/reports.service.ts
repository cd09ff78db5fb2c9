import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, officerCovers } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { Programme } from '../programmes/programme.entity';
import { programmeStatus } from '../programmes/programme-status';
import { compactReportDeltas } from './report-counters';
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
 * Vouchers granted in the window: the programme's count minus the ordinal of the last voucher
 * granted before the window. One backward step through applications_granted_idx: O(log n).
 */
const GRANTS_IN_WINDOW_SQL = `
  SELECT p.id AS "programmeId",
         greatest(p.granted_count - coalesce((
           SELECT a.voucher_ordinal FROM applications a
           WHERE a.programme_id = p.id AND a.granted_at < $2
           ORDER BY a.granted_at DESC LIMIT 1), 0), 0)::int AS grants
  FROM programmes p WHERE p.id = ANY($1::uuid[])`;

/**
 * Everything a report needs from the database, for any number of programmes, in one
 * statement: one round trip and one snapshot, so the counters on the programme rows, the
 * figures and the milestones add up even while transitions go on.
 */
const REPORT_SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
        'id', p.id, 'budgetCents', p.budget_cents, 'grantedCount', p.granted_count,
        'committedCents', p.committed_cents, 'spentCents', p.spent_cents, 'targets', p.targets,
        'milestones', p.milestones, 'closesAt', p.closes_at)), '[]')
     FROM programmes p WHERE p.id = ANY($1::uuid[])) AS programmes,
    (SELECT coalesce(json_agg(f), '[]') FROM (${FIGURES_SQL}) f) AS figures,
    (SELECT coalesce(json_agg(w), '[]') FROM (${GRANTS_IN_WINDOW_SQL}) w) AS windows,
    (SELECT coalesce(json_agg(m ORDER BY m.threshold), '[]')
     FROM (SELECT programme_id AS "programmeId", threshold, reached_at AS "reachedAt"
           FROM milestones WHERE programme_id = ANY($1::uuid[])) m) AS milestones`;

interface ReportRow {
  programmes: {
    id: string;
    budgetCents: number;
    grantedCount: number;
    committedCents: number;
    spentCents: number;
    targets: Programme['targets'];
    milestones: number[];
    closesAt: string;
  }[];
  figures: CellSum[];
  windows: { programmeId: string; grants: number }[];
  milestones: { programmeId: string; threshold: number; reachedAt: string }[];
}

/** The two queries whose cost must not grow with the applications (checked by a test on their plans). */
export const REPORT_QUERIES = { figures: FIGURES_SQL, grantsInWindow: GRANTS_IN_WINDOW_SQL };

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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** GET /programmes/{code}/report: officers in scope, provincial staff of its province, admins. */
  async programmeReport(actor: Actor, code: string) {
    const programme = await this.db.getRepository(Programme).findOneBy({ code });
    if (!programme || !this.maySee(actor, programme)) throw new DomainError('not-found', `No programme ${code}`);
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
      ? (await this.db.getRepository(Programme).find({ where: { province }, order: { code: 'ASC' } })).filter((p) =>
          this.maySee(actor, p),
        )
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

  private maySee(actor: Actor, programme: Programme): boolean {
    switch (actor.role) {
      case 'admin':
        return true;
      case 'officer':
        return officerCovers(actor, programme.code);
      case 'provincial':
        return actor.province !== null && actor.province.toUpperCase() === programme.province;
      default:
        return false;
    }
  }

  /** Folds pending deltas (when no other compaction holds them), then reads in one statement. */
  private async collect(programmes: Programme[], now: Date): Promise<ProgrammeData[]> {
    const ids = programmes.map((p) => p.id);
    await compactReportDeltas(this.db, ids);
    const windowStart = new Date(now.getTime() - GRANT_RATE_DAYS * DAY_MS);
    const [row]: ReportRow[] = await this.db.query(REPORT_SQL, [ids, windowStart]);
    return programmes.map((p) => {
      const fresh = row.programmes.find((f) => f.id === p.id);
      const programme: Programme = fresh
        ? Object.assign(Object.create(Programme.prototype), p, {
            budgetCents: Number(fresh.budgetCents),
            grantedCount: fresh.grantedCount,
            committedCents: Number(fresh.committedCents),
            spentCents: Number(fresh.spentCents),
            targets: fresh.targets,
            milestones: fresh.milestones,
            closesAt: new Date(fresh.closesAt),
          })
        : p;
      return {
        programme,
        figures: addCellSums(
          emptyFigures(),
          row.figures.filter((f) => f.programmeId === p.id),
        ),
        grantsInWindow: row.windows.find((w) => w.programmeId === p.id)?.grants ?? 0,
        milestones: row.milestones
          .filter((m) => m.programmeId === p.id)
          .map((m) => ({ threshold: m.threshold, reachedAt: new Date(m.reachedAt) })),
      };
    });
  }

  programmeView({ programme: p, figures, grantsInWindow, milestones }: ProgrammeData, disclosure: Disclosure, now: Date) {
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
