import { BenchContext, median } from '../harness/context';
import { applicantTokens, createProgramme, submitBody } from '../harness/data';
import { LoadResult, measureLoad } from '../harness/load';

/**
 * submit: POST /api/v1/applications through our whole stack (auth, validation, TypeORM,
 * report counter, history, outbox) against bench/reference doing the same SQL, with the same
 * autocannon settings, in alternating order (ours first in even rounds, the reference first in
 * odd ones); the median round of each side is reported.
 */
export async function submitScenario(ctx: BenchContext): Promise<void> {
  const plan = {
    ...(ctx.quick ? { rounds: 3, warmS: 4, durationS: 4 } : { rounds: 4, warmS: 5, durationS: 8 }),
    ...(ctx.settings.rounds ? { rounds: ctx.settings.rounds } : {}),
    ...(ctx.settings.seconds ? { durationS: ctx.settings.seconds } : {}),
  };
  const api = await ctx.child('api', 'api');
  const reference = await ctx.child('reference', 'reference');
  const targets = {
    ours: { url: api.url, body: submitBody((await createProgramme(ctx.db, `bench-submit-ours-${ctx.runId}`)).code) },
    reference: {
      url: reference.url,
      body: submitBody((await createProgramme(ctx.db, `bench-submit-ref-${ctx.runId}`)).code),
    },
  };
  const tokens = await applicantTokens(`submit-${ctx.runId}`, 5000);
  const children = { ours: api, reference };
  const load = (side: keyof typeof targets, durationS: number) =>
    measureLoad(children[side], {
      url: targets[side].url,
      connections: ctx.settings.connections,
      durationS,
      method: 'POST',
      request: (i) => ({ path: '/api/v1/applications', token: tokens[i % tokens.length], body: targets[side].body }),
    });

  ctx.log(`submit: warming both for ${plan.warmS} s`);
  await load('ours', plan.warmS);
  await load('reference', plan.warmS);
  const results: Record<'ours' | 'reference', LoadResult[]> = { ours: [], reference: [] };
  for (let round = 0; round < plan.rounds; round++) {
    const order: ('ours' | 'reference')[] = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours'];
    for (const side of order) {
      const result = await load(side, plan.durationS);
      results[side].push(result);
      ctx.log(
        `submit round ${round + 1} ${side}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
          `${result.cpuMsPerRequest?.toFixed(2)} CPU ms/req` +
          (result.non2xx || result.errors
            ? `, non-2xx ${JSON.stringify(result.statusCounts)} errors ${result.errors}`
            : ''),
      );
    }
  }
  const m = (side: 'ours' | 'reference', pick: (r: LoadResult) => number) => median(results[side].map(pick));
  const failures = [...results.ours, ...results.reference].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  const note =
    `${ctx.settings.connections} connections, ${plan.rounds} rounds × ${plan.durationS} s alternating, medians` +
    (failures ? `; ${failures} non-2xx/errors` : '');
  const rps = { ours: m('ours', (r) => r.rps), reference: m('reference', (r) => r.rps) };
  ctx.add({
    scenario: 'submit',
    metric: 'throughput',
    unit: 'req/s',
    ours: rps.ours,
    reference: rps.reference,
    ratio: rps.ours / rps.reference,
    goal: '≥ 0.75×',
    met: rps.ours / rps.reference >= 0.75,
    note,
  });
  for (const [metric, pick] of [
    ['p50', (r: LoadResult) => r.p50Ms],
    ['p99', (r: LoadResult) => r.p99Ms],
  ] as const) {
    const ours = m('ours', pick);
    const ref = m('reference', pick);
    ctx.add({ scenario: 'submit', metric: `latency ${metric}`, unit: 'ms', ours, reference: ref, ratio: ref / ours });
  }
  const cpu = {
    ours: m('ours', (r) => r.cpuMsPerRequest ?? NaN),
    reference: m('reference', (r) => r.cpuMsPerRequest ?? NaN),
  };
  ctx.add({
    scenario: 'submit',
    metric: 'server CPU per request',
    unit: 'ms',
    ours: cpu.ours,
    reference: cpu.reference,
    ratio: cpu.reference / cpu.ours,
    note: 'user+system time of the server process ÷ 2xx answers (steadier than req/s on a shared machine)',
  });
}
