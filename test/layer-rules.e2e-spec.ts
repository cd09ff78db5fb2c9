/**
 * The lint rules that guard the layering fire where they should and nowhere else:
 * dependency-cruiser (.dependency-cruiser.cjs) on the fixture trees in test/fixtures/layers, and
 * scripts/check-table-owners.ts on test/fixtures/tables. The fixtures are kept out of tsc, ESLint,
 * Prettier, Jest and the real `npm run lint:layers`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkTableOwners } from '../scripts/check-table-owners';

const ROOT = join(__dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const LAYERS = join(__dirname, 'fixtures', 'layers');

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
}

/** Runs the real depcruise CLI with the real config in a fixture tree laid out like the repository. */
function depcruise(tree: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, 'src', 'libs', 'test', '--config', CONFIG, '--no-cache', ...args],
    {
      cwd: join(LAYERS, tree),
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (run.error) throw run.error;
  return run;
}

/** The violations depcruise reports, and the exit status of the run as `npm run lint:layers` makes it. */
function cruise(tree: string): { status: number | null; violations: Violation[] } {
  const json = depcruise(tree, '--output-type', 'json');
  let output: { summary: { violations: Violation[] } };
  try {
    output = JSON.parse(json.stdout) as typeof output;
  } catch {
    throw new Error(`depcruise printed no JSON (exit ${json.status}):\n${json.stdout}\n${json.stderr}`);
  }
  // The JSON reporter always exits 0; the default (err) reporter exits with the number of errors.
  return { status: depcruise(tree).status, violations: output.summary.violations };
}

describe('layer rules (dependency-cruiser)', () => {
  let bad: ReturnType<typeof cruise>;

  beforeAll(() => {
    bad = cruise('bad');
  });

  const pairs = () => bad.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

  it.each([
    ['platform-imports-platform-and-libs-only', 'src/platform/db/pool.ts', 'src/features/alpha/alpha.service.ts'],
    ['features-import-no-entry-or-roots', 'src/features/alpha/alpha.service.ts', 'src/entry/api/alpha.controller.ts'],
    ['no-circular', 'src/features/alpha/cycle-a.ts', 'src/features/alpha/cycle-b.ts'],
    ['no-feature-cycles', 'src/features/gamma', 'src/features/delta'],
    ['feature-entities-stay-home', 'src/features/beta/beta.service.ts', 'src/features/alpha/alpha.entity.ts'],
    ['feature-entities-stay-home', 'src/entry/worker/notify.ts', 'src/features/alpha/alpha.entity.ts'],
    ['entry-points-are-independent', 'src/entry/api/uses-worker.ts', 'src/entry/worker/job.ts'],
    ['entry-imports-no-roots', 'src/entry/api/uses-root.ts', 'src/app.module.ts'],
    ['libs-are-app-free', 'libs/kit/index.ts', 'src/platform/db/pool.ts'],
    ['no-import-from-tooling', 'src/platform/db/uses-test.ts', 'test/helper.ts'],
    ['not-to-unresolvable', 'src/features/alpha/missing.ts', './does-not-exist'],
  ])('%s: %s -> %s', (rule, from, to) => {
    expect(pairs()).toContain(`${rule}: ${from} -> ${to}`);
  });

  it('reports nothing else, as errors, and fails the run', () => {
    const rules = new Set(bad.violations.map((v) => v.rule.name));
    expect([...rules].sort()).toEqual([
      'entry-imports-no-roots',
      'entry-points-are-independent',
      'feature-entities-stay-home',
      'features-import-no-entry-or-roots',
      'libs-are-app-free',
      'no-circular',
      'no-feature-cycles',
      'no-import-from-tooling',
      'not-to-unresolvable',
      'platform-imports-platform-and-libs-only',
    ]);
    expect(bad.violations.every((v) => v.rule.severity === 'error')).toBe(true);
    // One no-circular for the file cycle, one no-feature-cycles for each folder on the folder cycle.
    expect(bad.violations).toHaveLength(12);
    expect(bad.status).toBe(12);
  });

  it('a tree that keeps to the layers reports none (type-only entity imports, seed, roots and tests allowed)', () => {
    const clean = cruise('clean');
    expect(clean.violations).toEqual([]);
    expect(clean.status).toBe(0);
  });
});

describe('table owners (scripts/check-table-owners.ts)', () => {
  it('reports SQL naming another owner’s table, and tables with no owner', () => {
    const messages = checkTableOwners(join(__dirname, 'fixtures', 'tables')).map((f) => f.message);
    expect(messages).toEqual([
      'src/platform/database/migrations/1700000000000-schema.ts:6 widgets has no owner in scripts/check-table-owners.ts',
      'src/entry/worker/job.ts:1 application_reference_seq owned by src/features/applications',
      'src/entry/worker/job.ts:4 milestone_marks owned by src/features/milestones',
      'src/features/applications/applications.service.ts:6 programmes owned by src/features/programmes',
      'src/features/reports/reports.service.ts:3 applications owned by src/features/applications',
      'src/features/reports/reports.service.ts:4 outbox owned by src/platform/outbox',
      'src/features/reports/reports.service.ts:5 milestones owned by src/features/milestones',
    ]);
  });

  it('every table the real migrations create has an owner', () => {
    expect(checkTableOwners(ROOT).filter((f) => f.owner === null)).toEqual([]);
  });
});
