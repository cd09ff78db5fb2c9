import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext, percentile } from '../harness/context';
import { seed } from './reports';

const SIZES = [10_000, 1_000_000];

function missing(ctx: BenchContext, why: string): void {
  ctx.add({
    scenario: 'officer-queue',
    metric: 'work queue page p50 at 1M',
    unit: 'ms',
    ours: null,
    reference: null,
    referenceName: 'same at 10k',
    ratio: null,
    goal: '≥ 0.83× (1M ≤ 1.2× 10k)',
    met: null,
    note: `MISSING: ${why}`,
  });
}

/**
 * A browser session of an officer of `programmes`, written straight into web_sessions (as the
 * login page would): the cookie to send.
 */
async function officerSession(ctx: BenchContext, programmes: string[]): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const actor = {
    id: `bench-officer-${ctx.runId}`,
    role: 'officer',
    programmes,
    province: null,
    name: 'Bench Officer',
    email: 'bench-officer@example.nl',
  };
  await ctx.db.query(`INSERT INTO web_sessions (token_hash, actor, csrf_token) VALUES ($1, $2, $3)`, [
    createHash('sha256').update(token).digest('hex'),
    JSON.stringify(actor),
    randomBytes(32).toString('base64url'),
  ]);
  return `vv_session=${token}`;
}

/**
 * officer-queue: the fund officer's work queue page (GET /officer, the default view "to review"
 * with its counts per view, first page of 50, rendered) through our api, on a programme of
 * 10,000 and one of 1,000,000 applications filled by scripts/seed-bulk.ts. Requests go one at a
 * time and alternate between the two programmes, so a busy machine slows both alike; the 1M
 * figure is compared with the 10k one (goal: at most 1.2×). A second pair asks for page 2
 * (a cursor) of the "all" view.
 */
export async function officerQueueScenario(ctx: BenchContext): Promise<void> {
  if (!existsSync(join(ctx.settings.distDir, 'scripts/seed-bulk.js'))) {
    return missing(ctx, 'scripts/seed-bulk.ts is not built');
  }
  const api = await ctx.child('api', 'api');
  const codes = SIZES.map((n) => `bench-queue-${n}-${ctx.runId}`);
  const seconds: number[] = [];
  for (let i = 0; i < SIZES.length; i++) {
    seconds.push(await seed(ctx, codes[i], SIZES[i]));
    ctx.log(`officer-queue: seeded ${SIZES[i].toLocaleString('en')} applications in ${seconds[i].toFixed(1)} s`);
  }
  await ctx.db.query('ANALYZE applications');
  const cookie = await officerSession(ctx, codes);
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${api.url}${path}`, { headers: { cookie, accept: 'text/html' } });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  };

  // The second page of "all": the cursor the first page links to.
  const second: string[] = [];
  for (const code of codes) {
    const first = await get(`/officer?view=all&programme=${code}`);
    const next = /href="([^"]+)">(Volgende pagina|Next page)<\/a>/.exec(first.body);
    if (first.status !== 200 || !next) return missing(ctx, `GET /officer answered ${first.status} without a next page`);
    second.push(next[1].replace(/&amp;/g, '&'));
  }
  const paths = {
    'work queue page': codes.map((code) => `/officer?programme=${code}`),
    'work queue page 2 of "all"': second,
  };
  const runs = ctx.quick ? 40 : 80;
  for (const [label, [small, large]] of Object.entries(paths)) {
    for (let i = 0; i < 10; i++) for (const path of [small, large]) await get(path);
    const times: number[][] = [[], []];
    const failures = [0, 0];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) {
        const { status, ms } = await get(k === 0 ? small : large);
        if (status === 200) times[k].push(ms);
        else failures[k]++;
      }
    }
    for (const p of [50, 99]) {
      const at10k = percentile(times[0], p);
      const at1m = percentile(times[1], p);
      ctx.add({
        scenario: 'officer-queue',
        metric: `${label} p${p} at 1M`,
        unit: 'ms',
        ours: at1m,
        reference: at10k,
        referenceName: 'same at 10k',
        ratio: at10k / at1m,
        goal: p === 50 ? '≥ 0.83× (1M ≤ 1.2× 10k)' : undefined,
        met: p === 50 ? at1m / at10k <= 1.2 : undefined,
        note:
          p === 50
            ? `${runs} requests each, one at a time, alternating; seeding took ${seconds.map((s) => `${s.toFixed(0)} s`).join(' and ')}` +
              (failures.some(Boolean) ? `; non-200: ${failures.join(' / ')}` : '')
            : undefined,
      });
    }
  }
}
