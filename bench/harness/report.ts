import { execSync } from 'node:child_process';
import * as os from 'node:os';
import { Row } from './context';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  free: string;
  node: string;
  commit: string;
  date: string;
}

function sh(command: string): string {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch {
    return '?';
  }
}

export function machine(): Machine {
  const dirty = sh('git status --porcelain --untracked-files=normal -- src libs bench scripts') !== '';
  return {
    nproc: Number(sh('nproc')) || os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    free: sh('free -g'),
    node: process.version,
    commit: sh('git rev-parse --short HEAD') + (dirty ? ' + uncommitted changes' : ''),
    date: new Date().toISOString(),
  };
}

function fmt(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (unit === 'count') return value.toFixed(0);
  if (unit === 's') return value.toFixed(1);
  if (unit === 'ms') return value < 10 ? value.toFixed(1) : value.toFixed(0);
  if (unit === '×') return `${value.toFixed(2)}×`;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const HEADERS = ['scenario', 'metric', 'ours', 'reference', 'ratio', 'goal', 'met', 'note'];

function cells(row: Row): string[] {
  const withUnit = (v: number | null) =>
    v === null ? '—' : `${fmt(v, row.unit)} ${row.unit === '×' ? '' : row.unit}`.trim();
  return [
    row.scenario,
    row.metric,
    withUnit(row.ours),
    row.reference === null
      ? row.referenceName
        ? `— (${row.referenceName})`
        : '—'
      : `${withUnit(row.reference)}${row.referenceName ? ` (${row.referenceName})` : ''}`,
    row.ratio === null || Number.isNaN(row.ratio) ? '—' : `${row.ratio.toFixed(2)}×`,
    row.goal ?? '',
    row.met === undefined ? '' : row.met === null ? 'n/a' : row.met ? 'yes' : 'NO',
    row.note ?? '',
  ];
}

/** The table for a terminal: aligned columns. */
export function textTable(rows: Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => (i === 7 ? 0 : r[i].length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 7 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}

export function machineLines(m: Machine, quick: boolean, seconds: number): string {
  return [
    `- run: ${quick ? '`npm run bench -- --quick`' : '`npm run bench`'}, ${m.date}, ${seconds.toFixed(0)} s`,
    `- commit: ${m.commit}`,
    `- machine: nproc ${m.nproc} (${m.cpu}), ${m.memoryGiB} GiB, node ${m.node}`,
    '- `free -g`:',
    '',
    '```',
    m.free,
    '```',
  ].join('\n');
}
