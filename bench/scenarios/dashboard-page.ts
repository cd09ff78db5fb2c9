import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signLocalToken } from '../../src/platform/auth/token-signer';
import { BenchContext, percentile } from '../harness/context';
import { BENCH_SECRET } from '../harness/data';
import { login } from './pages';
import { seed } from './reports';

/**
 * dashboard-page: a provincial user's programme dashboard (GET /province/programmes/{code}:
 * session lookup, the report use case — access policy, compaction, one REPEATABLE READ
 * snapshot of counters, rollups, window and milestones —, six SVG charts and their tables)
 * on a programme of 10,000 applications filled by scripts/seed-bulk.ts, against
 * bench/reference/dashboard-page.ts serving the very same HTML from a constant. Requests go one
 * at a time, alternating between ours and the reference, so a busy machine slows both alike.
 * Goal: p99 under 100 ms.
 */
export async function dashboardPageScenario(ctx: BenchContext): Promise<void> {
  const api = await ctx.child('api', 'api');
  const code = `bench-dashboard-${ctx.runId}`;
  const seconds = await seed(ctx, code, 10_000);
  ctx.log(`dashboard-page: seeded 10,000 applications in ${seconds.toFixed(1)} s`);
  // The demo provincial person of Overijssel (the seeder's default province).
  const cookie = await login(api.url, 'prov-ov-1');
  const path = `/province/programmes/${code}`;
  const first = await fetch(`${api.url}${path}`, { headers: { cookie } });
  if (first.status !== 200) throw new Error(`dashboard-page: ${path} answered ${first.status}`);
  const html = await first.text();
  const file = join(mkdtempSync(join(tmpdir(), 'vv-bench-dashboard-')), 'dashboard.html');
  writeFileSync(file, html);
  const reference = await ctx.child('dashboard-reference', 'dashboard-reference', { BENCH_PAGE_DASHBOARD: file });

  // The JSON report the page shows, for the same person: what the page adds to it.
  const token = await signLocalToken(BENCH_SECRET, { sub: 'prov-ov-1', role: 'provincial', province: 'OV' });
  const requests = {
    ours: { url: `${api.url}${path}`, headers: { cookie, accept: 'text/html' } },
    json: { url: `${api.url}/api/v1/programmes/${code}/report`, headers: { authorization: `Bearer ${token}` } },
    reference: { url: `${reference.url}${path}`, headers: { accept: 'text/html' } },
  };
  type Side = keyof typeof requests;
  const get = async (side: Side) => {
    const started = performance.now();
    const response = await fetch(requests[side].url, { headers: requests[side].headers });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  const sides = Object.keys(requests) as Side[];
  for (let i = 0; i < 20; i++) for (const side of sides) await get(side);
  const runs = ctx.quick ? 200 : 600;
  const times: Record<Side, number[]> = { ours: [], json: [], reference: [] };
  let failures = 0;
  for (let i = 0; i < runs; i++) {
    // Each side goes first as often as the others.
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(i + k) % sides.length];
      const { status, ms } = await get(side);
      if (status === 200) times[side].push(ms);
      else failures++;
    }
  }
  const note =
    `${runs} requests each, one at a time, alternating; 10,000 applications; ` +
    `HTML ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB${failures ? `; ${failures} failed` : ''}`;
  for (const p of [50, 99]) {
    const ours = percentile(times.ours, p);
    const ref = percentile(times.reference, p);
    ctx.add({
      scenario: 'dashboard-page',
      metric: `dashboard page latency p${p}`,
      unit: 'ms',
      ours,
      reference: ref,
      referenceName: 'constant HTML, bare Fastify',
      ratio: ref / ours,
      goal: p === 99 ? '< 100 ms' : undefined,
      met: p === 99 ? ours < 100 : undefined,
      note: p === 50 ? note : undefined,
    });
  }
  ctx.add({
    scenario: 'dashboard-page',
    metric: 'JSON report (same person) latency p99',
    unit: 'ms',
    ours: percentile(times.json, 99),
    reference: percentile(times.ours, 99),
    referenceName: 'the dashboard page',
    ratio: percentile(times.ours, 99) / percentile(times.json, 99),
    note: `p50 ${percentile(times.json, 50).toFixed(1)} ms: the page adds session, rendering and 6 charts`,
  });
  await ctx.retire('dashboard-reference');
}
