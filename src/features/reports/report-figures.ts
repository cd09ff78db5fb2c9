import { addDays, dutchDate } from '../../platform/kernel/dates';
import { GENDERS, TARGET_GROUPS, TRAINING_KINDS } from '../../platform/kernel/vocabulary';
import { APPLICATION_STATUSES, ApplicationStatus } from '../applications/voucher-lifecycle';
import { Count, Disclosure, disclose } from './report-disclosure';

/** The window of the grant rate behind the milestone forecast. */
export const GRANT_RATE_DAYS = 30;

/** Statuses an application can hold a voucher (an ordinal) in. */
export const VOUCHER_STATUSES = ['granted', 'completed', 'withdrawn', 'expired'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export type Dimension = 'status' | 'targetGroup' | 'gender' | 'trainingKind' | 'grantMonth';

/** One row of the aggregate query: the count of applications with `value` in `dimension`. */
export interface CellSum {
  programmeId: string;
  dimension: Dimension;
  value: string;
  /** Whether these applications hold a voucher (were granted, whatever became of it). */
  voucher: boolean;
  count: number;
}

export interface Split {
  applications: number;
  vouchers: number;
}

/** Exact figures of one programme, or of several added up. */
export interface Figures {
  byStatus: Record<ApplicationStatus, number>;
  vouchersByStatus: Record<VoucherStatus, number>;
  byTargetGroup: Map<string, Split>;
  byGender: Map<string, Split>;
  byTrainingKind: Map<string, Split>;
  /** YYYY-MM → vouchers granted in that month (Europe/Amsterdam), whatever became of them. */
  byGrantMonth: Map<string, number>;
}

export function emptyFigures(): Figures {
  return {
    byStatus: Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Figures['byStatus'],
    vouchersByStatus: Object.fromEntries(VOUCHER_STATUSES.map((s) => [s, 0])) as Figures['vouchersByStatus'],
    byTargetGroup: new Map(),
    byGender: new Map(),
    byTrainingKind: new Map(),
    byGrantMonth: new Map(),
  };
}

function addSplit(map: Map<string, Split>, key: string, voucher: boolean, count: number): void {
  const split = map.get(key) ?? { applications: 0, vouchers: 0 };
  split.applications += count;
  if (voucher) split.vouchers += count;
  map.set(key, split);
}

/** Adds the aggregate rows of one programme (or many) into `figures`. */
export function addCellSums(figures: Figures, rows: CellSum[]): Figures {
  for (const { dimension, value, voucher, count } of rows) {
    switch (dimension) {
      case 'status':
        figures.byStatus[value as ApplicationStatus] = (figures.byStatus[value as ApplicationStatus] ?? 0) + count;
        if (voucher) {
          figures.vouchersByStatus[value as VoucherStatus] =
            (figures.vouchersByStatus[value as VoucherStatus] ?? 0) + count;
        }
        break;
      case 'targetGroup':
        addSplit(figures.byTargetGroup, value, voucher, count);
        break;
      case 'gender':
        addSplit(figures.byGender, value, voucher, count);
        break;
      case 'trainingKind':
        addSplit(figures.byTrainingKind, value, voucher, count);
        break;
      case 'grantMonth':
        figures.byGrantMonth.set(value, (figures.byGrantMonth.get(value) ?? 0) + count);
        break;
    }
  }
  return figures;
}

export function mergeFigures(all: Figures[]): Figures {
  const total = emptyFigures();
  for (const f of all) {
    for (const s of APPLICATION_STATUSES) total.byStatus[s] += f.byStatus[s];
    for (const s of VOUCHER_STATUSES) total.vouchersByStatus[s] += f.vouchersByStatus[s];
    for (const [key, map] of [
      ['byTargetGroup', f.byTargetGroup],
      ['byGender', f.byGender],
      ['byTrainingKind', f.byTrainingKind],
    ] as const) {
      for (const [k, v] of map) {
        addSplit(total[key], k, false, v.applications);
        total[key].get(k)!.vouchers += v.vouchers;
      }
    }
    for (const [m, n] of f.byGrantMonth) total.byGrantMonth.set(m, (total.byGrantMonth.get(m) ?? 0) + n);
  }
  return total;
}

/** The known categories first (in vocabulary order, zeros included), then any others seen. */
function categories(known: readonly string[], seen: Map<string, Split>): string[] {
  return [...new Set([...known, ...[...seen.keys()].sort()])];
}

function orderedKnown(vocabulary: readonly string[], offered: string[]): string[] {
  return vocabulary.filter((v) => offered.includes(v)).concat(offered.filter((o) => !vocabulary.includes(o)));
}

export interface Offer {
  targetGroups: string[];
  trainingKinds: string[];
}

/** The breakdowns as they go out: by gender and target group under `disclosure`, the rest exact. */
export function breakdownsView(figures: Figures, offer: Offer, disclosure: Disclosure) {
  const split = (map: Map<string, Split>, key: string, known: readonly string[], protect: boolean) =>
    categories(known, map).map((category) => {
      const s = map.get(category) ?? { applications: 0, vouchers: 0 };
      const show = (n: number): Count => (protect ? disclose(n, disclosure) : n);
      return { [key]: category, applications: show(s.applications), vouchers: show(s.vouchers) };
    });
  const total = APPLICATION_STATUSES.reduce((sum, s) => sum + figures.byStatus[s], 0);
  return {
    applications: { total, byStatus: { ...figures.byStatus } },
    byTargetGroup: split(figures.byTargetGroup, 'targetGroup', orderedKnown(TARGET_GROUPS, offer.targetGroups), true),
    byGender: split(figures.byGender, 'gender', GENDERS, true),
    byTrainingKind: split(
      figures.byTrainingKind,
      'trainingKind',
      orderedKnown(TRAINING_KINDS, offer.trainingKinds),
      false,
    ),
    byGrantMonth: [...figures.byGrantMonth.entries()]
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, vouchers]) => ({ month, vouchers })),
  };
}

/** How far ahead a milestone forecast goes: about 100 years. */
export const FORECAST_HORIZON_DAYS = 100 * 366;

export interface NextMilestone {
  threshold: number;
  remaining: number;
  /**
   * When the threshold is reached at the grant rate of the last 30 days; null without grants
   * then, or when that is more than `FORECAST_HORIZON_DAYS` away (`beforeClose` is then false).
   */
  forecastDate: string | null;
  /** Whether the forecast falls within the programme period; null without a forecast. */
  beforeClose: boolean | null;
}

/**
 * The first threshold above the vouchers granted so far, how many vouchers remain, and when
 * it is reached if grants go on as in the last `GRANT_RATE_DAYS` days.
 */
export function nextMilestone(input: {
  thresholds: number[];
  granted: number;
  grantsInWindow: number;
  now: Date;
  closesAt: Date;
}): NextMilestone | null {
  const threshold = [...input.thresholds].sort((a, b) => a - b).find((t) => t > input.granted);
  if (threshold === undefined) return null;
  const remaining = threshold - input.granted;
  if (input.grantsInWindow <= 0) return { threshold, remaining, forecastDate: null, beforeClose: null };
  const days = Math.ceil((remaining * GRANT_RATE_DAYS) / input.grantsInWindow);
  // A forecast further out than a lifetime is no date (and would leave the calendar past year 9999).
  if (days > FORECAST_HORIZON_DAYS) return { threshold, remaining, forecastDate: null, beforeClose: false };
  const forecastDate = addDays(dutchDate(input.now), days);
  return { threshold, remaining, forecastDate, beforeClose: forecastDate <= dutchDate(input.closesAt) };
}

export function grantRate(grantsInWindow: number) {
  return {
    days: GRANT_RATE_DAYS,
    vouchers: grantsInWindow,
    perDay: Math.round((grantsInWindow / GRANT_RATE_DAYS) * 100) / 100,
  };
}

export function percentOf(part: number, whole: number | null | undefined): number | null {
  if (whole === null || whole === undefined || whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
