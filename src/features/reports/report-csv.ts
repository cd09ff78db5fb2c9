import { dutchDate } from '../../platform/kernel/dates';
import type { ProgrammeReport, ProvinceReport } from './reports.service';

/**
 * Reports as CSV (RFC 4180): one long ("tidy") table that a spreadsheet pivots at will,
 *   province,programme,section,category,measure,value
 * with CRLF line ends, fields quoted when they hold a comma, quote or line break, and text that
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) defused with a
 * leading apostrophe (OWASP "CSV injection"). Numbers are written as they are.
 */

export const CSV_HEADER = ['province', 'programme', 'section', 'category', 'measure', 'value'] as const;
export type CsvValue = string | number | boolean | null | undefined;
type Row = [string, string, string, string | number, string, CsvValue];

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

type Breakdowns = Pick<
  ProgrammeReport,
  'applications' | 'byTargetGroup' | 'byGender' | 'byTrainingKind' | 'byGrantMonth'
>;

function breakdownRows(province: string, programme: string, r: Breakdowns): Row[] {
  const rows: Row[] = [];
  for (const [status, n] of Object.entries(r.applications.byStatus)) {
    rows.push([province, programme, 'status', status, 'applications', n]);
  }
  rows.push([province, programme, 'status', 'total', 'applications', r.applications.total]);
  const splits: [string, { applications: unknown; vouchers: unknown }[], string][] = [
    ['targetGroup', r.byTargetGroup, 'targetGroup'],
    ['gender', r.byGender, 'gender'],
    ['trainingKind', r.byTrainingKind, 'trainingKind'],
  ];
  for (const [section, items, key] of splits) {
    for (const item of items) {
      const category = String((item as Record<string, unknown>)[key]);
      rows.push([province, programme, section, category, 'applications', item.applications as CsvValue]);
      rows.push([province, programme, section, category, 'vouchers', item.vouchers as CsvValue]);
    }
  }
  for (const { month, vouchers } of r.byGrantMonth)
    rows.push([province, programme, 'grantMonth', month, 'vouchers', vouchers]);
  return rows;
}

function moneyAndVoucherRows(
  province: string,
  programme: string,
  r: Pick<ProgrammeReport, 'budget' | 'vouchers' | 'grantRate'>,
): Row[] {
  const rows: Row[] = [];
  for (const [measure, value] of Object.entries(r.budget))
    rows.push([province, programme, 'budget', '', measure, value]);
  rows.push([province, programme, 'vouchers', '', 'granted', r.vouchers.granted]);
  rows.push([province, programme, 'vouchers', '', 'target', r.vouchers.target]);
  rows.push([province, programme, 'vouchers', '', 'percentOfTarget', r.vouchers.percentOfTarget]);
  for (const [status, n] of Object.entries(r.vouchers.byStatus))
    rows.push([province, programme, 'vouchers', status, 'vouchers', n]);
  rows.push([province, programme, 'grantRate', `last${r.grantRate.days}Days`, 'vouchers', r.grantRate.vouchers]);
  rows.push([province, programme, 'grantRate', `last${r.grantRate.days}Days`, 'perDay', r.grantRate.perDay]);
  return rows;
}

function programmeRows(r: ProgrammeReport): Row[] {
  const { province, code } = r.programme;
  const rows: Row[] = [
    [province, code, 'programme', '', 'name', r.programme.name],
    [province, code, 'programme', '', 'status', r.programme.status],
    ...breakdownRows(province, code, r),
    ...moneyAndVoucherRows(province, code, r),
  ];
  for (const m of r.milestones.reached) rows.push([province, code, 'milestone', m.threshold, 'reachedAt', m.reachedAt]);
  const next = r.milestones.next;
  if (next) {
    rows.push([province, code, 'nextMilestone', next.threshold, 'remaining', next.remaining]);
    rows.push([province, code, 'nextMilestone', next.threshold, 'forecastDate', next.forecastDate]);
    rows.push([province, code, 'nextMilestone', next.threshold, 'beforeClose', next.beforeClose]);
  }
  return rows;
}

function reportRows(province: string, generatedAt: string, disclosure: string): Row[] {
  return [
    [province, '', 'report', '', 'generatedAt', generatedAt],
    [province, '', 'report', '', 'disclosure', disclosure],
  ];
}

export function programmeReportCsv(r: ProgrammeReport): string {
  return toCsv([CSV_HEADER, ...reportRows(r.programme.province, r.generatedAt, r.disclosure), ...programmeRows(r)]);
}

/** Each programme's rows, then the province's totals with an empty programme column. */
export function provinceReportCsv(r: ProvinceReport): string {
  return toCsv([
    CSV_HEADER,
    ...reportRows(r.province, r.generatedAt, r.disclosure),
    ...r.programmes.flatMap(programmeRows),
    ...breakdownRows(r.province, '', r.totals),
    ...moneyAndVoucherRows(r.province, '', r.totals),
  ]);
}

/**
 * A report as its CSV download, the same from the API (Accept: text/csv) and the pages: the file
 * name (the programme's code or the province's, and the Dutch day it was made) and the text.
 */
export function reportCsvFile(report: ProgrammeReport | ProvinceReport): { filename: string; body: string } {
  const day = dutchDate(new Date(report.generatedAt));
  if ('programmes' in report) {
    return {
      filename: `vakvoucher-report-${report.province.toLowerCase()}-${day}.csv`,
      body: provinceReportCsv(report),
    };
  }
  return { filename: `vakvoucher-report-${report.programme.code}-${day}.csv`, body: programmeReportCsv(report) };
}
