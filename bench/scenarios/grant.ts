import { BenchContext, median } from '../harness/context';
import { createProgramme, insertApplications, officerToken } from '../harness/data';
import { LoadResult, measureLoad } from '../harness/load';

/**
 * grant: review then grant of distinct applications at concurrency 32, ours against the
 * reference doing the same SQL. Each side gets a fresh programme (so ordinals and milestones
 * start at 1 for both) and applications inserted in bulk with a passed eligibility check;
 * one officer reviews them all, a second grants them (four eyes). A warm-up of the same on each
 * side comes first and is not counted.
 */
export async function grantScenario(ctx: BenchContext): Promise<void> {
  const plan = ctx.quick ? { rounds: 1, count: 800, warmUp: 300 } : { rounds: 2, count: 2000, warmUp: 500 };
  const connections = ctx.settings.connections;
  const api = await ctx.child('api', 'api');
  const reference = await ctx.child('reference', 'reference');
  const [reviewer, granter] = await Promise.all([
    officerToken(`reviewer-${ctx.runId}`),
    officerToken(`granter-${ctx.runId}`),
  ]);
  const reviewBody = JSON.stringify({ action: 'review' });
  const grantBody = JSON.stringify({ action: 'grant' });
  const results = {
    ours: { review: [] as LoadResult[], grant: [] as LoadResult[] },
    reference: { review: [] as LoadResult[], grant: [] as LoadResult[] },
  };
  const checks: string[] = [];

  /** A fresh programme of `count` applications for `side`, reviewed by one officer and granted by another. */
  const reviewAndGrant = async (side: 'ours' | 'reference', label: string, count: number) => {
    const server = side === 'ours' ? api : reference;
    const url = server.url;
    const programme = await createProgramme(ctx.db, `bench-grant-${side}-${label}-${ctx.runId}`);
    // autocannon builds one request ahead per connection: ids for those never sent.
    const ids = await insertApplications(ctx.db, programme, count + connections, {
      ownerPrefix: `grant-${side}-${label}-${ctx.runId}-`,
      eligibility: 'passed',
    });
    await ctx.db.query('ANALYZE applications');
    const review = await measureLoad(server, {
      url,
      connections,
      amount: count,
      method: 'POST',
      request: (i) => ({ path: `/api/v1/applications/${ids[i]}/transitions`, token: reviewer, body: reviewBody }),
    });
    const { rows } = await ctx.db.query(
      `SELECT id FROM applications WHERE programme_id = $1 AND status = 'reviewed' ORDER BY reference`,
      [programme.id],
    );
    const reviewed = rows.map((r) => r.id as string);
    const grant = await measureLoad(server, {
      url,
      connections,
      amount: reviewed.length - connections,
      method: 'POST',
      request: (i) => ({ path: `/api/v1/applications/${reviewed[i]}/transitions`, token: granter, body: grantBody }),
    });
    return { programme, review, grant };
  };

  // A warm-up of each side first (not counted), so neither is measured while its code is still cold.
  for (const side of ['ours', 'reference'] as const) {
    const { review, grant } = await reviewAndGrant(side, 'warm-up', plan.warmUp);
    ctx.log(`grant warm-up ${side}: review ${review.rps.toFixed(0)} req/s, grant ${grant.rps.toFixed(0)} req/s`);
  }

  for (let round = 0; round < plan.rounds; round++) {
    const order: ('ours' | 'reference')[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours'];
    for (const side of order) {
      const { programme, review, grant } = await reviewAndGrant(side, String(round), plan.count);
      results[side].review.push(review);
      results[side].grant.push(grant);
      const {
        rows: [check],
      } = await ctx.db.query(
        `SELECT count(*)::int AS granted, coalesce(max(voucher_ordinal), 0) AS top,
                (SELECT granted_count FROM programmes WHERE id = $1) AS counter,
                (SELECT count(*)::int FROM milestones WHERE programme_id = $1) AS milestones
         FROM applications WHERE programme_id = $1 AND status = 'granted'`,
        [programme.id],
      );
      if (check.granted !== grant.ok || check.top !== check.granted || check.counter !== check.granted) {
        checks.push(
          `${side}: ${grant.ok} grants answered 2xx, ${check.granted} granted, top ordinal ${check.top}, counter ${check.counter}`,
        );
      }
      ctx.log(
        `grant round ${round + 1} ${side}: review ${review.rps.toFixed(0)} req/s (p99 ${review.p99Ms} ms, ${review.cpuMsPerRequest.toFixed(2)} CPU ms/req), ` +
          `grant ${grant.rps.toFixed(0)} req/s (p50 ${grant.p50Ms} ms, p99 ${grant.p99Ms} ms, ${grant.cpuMsPerRequest.toFixed(2)} CPU ms/req), ` +
          `${check.granted} granted, ${check.milestones} milestones` +
          (review.non2xx + grant.non2xx + review.errors + grant.errors
            ? `, non-2xx review ${JSON.stringify(review.statusCounts)} grant ${JSON.stringify(grant.statusCounts)}`
            : ''),
      );
    }
  }
  const note =
    `${connections} connections, ${plan.count} distinct applications per side per round, ${plan.rounds} round(s)` +
    (checks.length ? `; CHECK FAILED: ${checks.join('; ')}` : '');
  for (const phase of ['review', 'grant'] as const) {
    const ours = median(results.ours[phase].map((r) => r.rps));
    const ref = median(results.reference[phase].map((r) => r.rps));
    ctx.add({
      scenario: 'grant',
      metric: `${phase} throughput`,
      unit: 'req/s',
      ours,
      reference: ref,
      ratio: ours / ref,
      goal: '≥ 0.75×',
      met: ours / ref >= 0.75,
      note: phase === 'grant' ? note : undefined,
    });
  }
  for (const [metric, pick] of [
    ['p50', (r: LoadResult) => r.p50Ms],
    ['p99', (r: LoadResult) => r.p99Ms],
  ] as const) {
    const ours = median(results.ours.grant.map(pick));
    const ref = median(results.reference.grant.map(pick));
    ctx.add({
      scenario: 'grant',
      metric: `grant latency ${metric}`,
      unit: 'ms',
      ours,
      reference: ref,
      ratio: ref / ours,
    });
  }
  const cpu = (side: 'ours' | 'reference') => median(results[side].grant.map((r) => r.cpuMsPerRequest ?? NaN));
  ctx.add({
    scenario: 'grant',
    metric: 'server CPU per grant',
    unit: 'ms',
    ours: cpu('ours'),
    reference: cpu('reference'),
    ratio: cpu('reference') / cpu('ours'),
    note: 'user+system time of the server process ÷ 2xx answers',
  });
}
