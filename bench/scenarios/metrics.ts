import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExposition, samplesOf } from '../../test/support/prometheus';
import { BenchContext, percentile } from '../harness/context';
import { seed } from './reports';

const AT_SCALE = 1_000_000;

/**
 * metrics: GET /metrics of our api with a million applications or more in the database (the
 * programmes the reports scenario seeded in a full run; seeded here by scripts/seed-bulk.ts in a
 * quick one), against a prom-client registry with the same families and series but constant
 * values, served by plain Fastify (bench/reference/metrics-server.ts). Scrapes go one at a
 * time, alternating. Goal: p99 under 50 ms.
 */
export async function metricsScenario(ctx: BenchContext): Promise<void> {
  const count = async () =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM applications`)).rows[0].n;
  let seeded = '';
  if ((await count()) < AT_SCALE) {
    const seconds = await seed(ctx, `bench-metrics-${ctx.runId}`, AT_SCALE);
    seeded = `; seeded ${AT_SCALE.toLocaleString('en')} applications in ${seconds.toFixed(0)} s`;
    ctx.log(`metrics: ${seeded.slice(2)}`);
  }
  const applications = await count();
  const api = await ctx.child('api', 'api');
  const scrape = async (url: string) => {
    const started = performance.now();
    const response = await fetch(`${url}/metrics`);
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text };
  };
  const pending = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM report_deltas`)).rows[0].n;
  const first = await scrape(api.url);
  if (first.status !== 200) throw new Error(`GET /metrics answered ${first.status}`);
  const shape = join(ctx.settings.distDir, '..', 'metrics-exposition.txt');
  writeFileSync(shape, first.text);
  const reference = await ctx.child('metrics-reference', 'metrics-reference', { BENCH_METRICS_EXPOSITION: shape });

  const exposition = parseExposition(first.text);
  const counted = samplesOf(exposition, 'vakvoucher_applications').reduce((sum, s) => sum + s.value, 0);
  if (counted !== applications) {
    throw new Error(`the scrape counts ${counted} applications, the database holds ${applications}`);
  }
  const referenceText = (await scrape(reference.url)).text;
  const series = exposition.samples.length;
  const referenceSeries = parseExposition(referenceText).samples.length;

  for (let i = 0; i < 20; i++) {
    await scrape(api.url);
    await scrape(reference.url);
  }
  const runs = ctx.quick ? 100 : 300;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pair = i % 2 === 0 ? [api.url, reference.url] : [reference.url, api.url];
    for (const url of pair) {
      const { status, ms } = await scrape(url);
      if (status !== 200) throw new Error(`GET ${url}/metrics answered ${status}`);
      (url === api.url ? ours : theirs).push(ms);
    }
  }
  await ctx.retire('metrics-reference');
  const note =
    `${applications.toLocaleString('en')} applications; ${series} series (reference ${referenceSeries}), ` +
    `${(first.text.length / 1024).toFixed(0)} KiB; ${runs} scrapes each, one at a time, alternating; ` +
    `the first scrape folded ${pending.toLocaleString('en')} pending report deltas in ${first.ms.toFixed(0)} ms${seeded}`;
  for (const p of [50, 99]) {
    const mine = percentile(ours, p);
    const floor = percentile(theirs, p);
    ctx.add({
      scenario: 'metrics',
      metric: `scrape p${p} at ${(applications / 1e6).toFixed(1)}M`,
      unit: 'ms',
      ours: mine,
      reference: floor,
      referenceName: 'prom-client, same series, constant values',
      ratio: floor / mine,
      goal: p === 99 ? '< 50 ms' : undefined,
      met: p === 99 ? mine < 50 : undefined,
      note: p === 50 ? note : undefined,
    });
  }
}
