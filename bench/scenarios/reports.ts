import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { signLocalToken } from '../../src/platform/auth/token-signer';
import { BenchContext, percentile } from '../harness/context';
import { BENCH_SECRET } from '../harness/data';

/** Runs the bulk seeder (scripts/seed-bulk.ts) on the run's database; answers the seconds it took. */
const seeder = (ctx: BenchContext) => join(ctx.settings.distDir, 'scripts/seed-bulk.js');

export function seed(ctx: BenchContext, code: string, applications: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [seeder(ctx), '--applications', String(applications), '--programme', code], {
      env: { ...process.env, ...ctx.childEnv(), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve((Date.now() - started) / 1000)
        : reject(new Error(`seed-bulk exited ${code}: ${output.slice(-500)}`)),
    );
  });
}

function missing(ctx: BenchContext, why: string): void {
  ctx.add({
    scenario: 'reports',
    metric: 'report p50 at 1M',
    unit: 'ms',
    ours: null,
    reference: null,
    referenceName: 'same at 10k',
    ratio: null,
    goal: '≥ 0.5× (1M ≤ 2× 10k)',
    met: null,
    note: `MISSING: ${why}`,
  });
}

/**
 * reports (full run only): GET /api/v1/programmes/{code}/report through the api process, on a
 * programme of 10,000 and one of 1,000,000 applications filled by scripts/seed-bulk.ts.
 * Requests go one at a time and alternate between the two programmes, so a busy machine slows
 * both alike; the 1M figure is compared with the 10k one (goal: at most 2×).
 */
export async function reportsScenario(ctx: BenchContext): Promise<void> {
  if (ctx.quick) return;
  if (!existsSync(seeder(ctx))) return missing(ctx, 'scripts/seed-bulk.ts is not built');
  const api = await ctx.child('api', 'api');
  const token = await signLocalToken(BENCH_SECRET, { sub: `bench-admin-${ctx.runId}`, role: 'admin' });
  const sizes = [10_000, 1_000_000];
  const codes = sizes.map((n) => `bench-report-${n}-${ctx.runId}`);
  const get = async (code: string) => {
    const started = performance.now();
    const response = await fetch(`${api.url}/api/v1/programmes/${code}/report`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  const seeded: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    seeded.push(await seed(ctx, codes[i], sizes[i]));
    ctx.log(`reports: seeded ${sizes[i].toLocaleString('en')} applications in ${seeded[i].toFixed(1)} s`);
    // Before the long seed, make sure there is a report to ask for.
    const probe = await get(codes[i]);
    if (probe.status !== 200) {
      return missing(
        ctx,
        `GET /api/v1/programmes/{code}/report answered ${probe.status} to an admin (is ReportsModule served by AppModule?)`,
      );
    }
  }
  for (let i = 0; i < 10; i++) for (const code of codes) await get(code);
  const runs = 60;
  const times: number[][] = codes.map(() => []);
  const failures: number[] = codes.map(() => 0);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < codes.length; k++) {
      const { status, ms } = await get(codes[(i + k) % codes.length]);
      const at = (i + k) % codes.length;
      if (status === 200) times[at].push(ms);
      else failures[at]++;
    }
  }
  const [small, large] = times;
  const note =
    `${runs} requests each, one at a time, alternating; seeding took ${seeded.map((s) => `${s.toFixed(0)} s`).join(' and ')}` +
    (failures.some(Boolean) ? `; non-200: ${failures.join(' / ')}` : '');
  for (const p of [50, 99]) {
    const at10k = percentile(small, p);
    const at1m = percentile(large, p);
    ctx.add({
      scenario: 'reports',
      metric: `report p${p} at 1M`,
      unit: 'ms',
      ours: at1m,
      reference: at10k,
      referenceName: 'same at 10k',
      ratio: at10k / at1m,
      goal: p === 50 ? '≥ 0.5× (1M ≤ 2× 10k)' : undefined,
      met: p === 50 ? at1m / at10k <= 2 : undefined,
      note: p === 50 ? note : undefined,
    });
  }
}
