import { BenchContext, settleOutbox } from '../harness/context';
import { eligibilityCounts } from '../harness/data';
import { submissionBurst } from '../harness/load';
import { waitForEligibility } from './outbox';

/**
 * burst: N submissions by N distinct applicants as fast as the api takes them, the worker
 * running; time until every one has its eligibility result, and how many were lost (a 201
 * without a stored application, or an application never checked). The reference accepts the
 * same burst (same SQL, no worker), for the acceptance rate.
 */
export async function burstScenario(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 3000 : 20_000;
  const connections = ctx.settings.connections;
  await settleOutbox(ctx.db);
  const api = await ctx.child('api', 'api');
  const reference = await ctx.child('reference', 'reference');
  const worker = await ctx.worker();
  const hasWorker = typeof worker !== 'string';
  const note = `${count.toLocaleString('en')} submissions${ctx.quick ? ' (quick run; the full run sends 20,000)' : ''}, ${connections} connections`;

  // Our worker would relay and check the reference's submissions while it takes them: it is
  // stopped (its peak memory is kept) with the bare worker before the reference's burst.
  const {
    accepted,
    acceptS,
    reference: refAccepted,
    settled: { drained, stored },
    settledS: allCheckedS,
  } = await submissionBurst(
    ctx,
    {
      scenario: 'burst',
      urls: { ours: api.url, reference: reference.url },
      amount: count,
      retire: ['worker', 'bare-worker'],
      note,
    },
    async (programmeId) => {
      const drained = hasWorker
        ? await waitForEligibility(ctx, programmeId, ctx.quick ? 90_000 : 300_000)
        : { checked: 0, total: 0, timedOut: true };
      return { drained, stored: await eligibilityCounts(ctx.db, programmeId) };
    },
  );
  const lost = accepted.ok - stored.checked;
  ctx.log(
    `burst: ${stored.stored} stored, ${stored.checked} checked after ${allCheckedS.toFixed(1)} s; lost ${lost}` +
      (drained.timedOut ? ' (TIMED OUT waiting)' : ''),
  );

  ctx.add({
    scenario: 'burst',
    metric: 'all accepted',
    unit: 's',
    ours: acceptS,
    reference: refAccepted.durationS,
    ratio: refAccepted.durationS / acceptS,
  });
  ctx.add({
    scenario: 'burst',
    metric: 'all eligibility results',
    unit: 's',
    ours: hasWorker ? allCheckedS : null,
    reference: null,
    ratio: null,
    note: typeof worker === 'string' ? worker : 'from the first request until the last check is stored',
  });
  ctx.add({
    scenario: 'burst',
    metric: 'lost',
    unit: 'count',
    ours: hasWorker ? lost : null,
    reference: null,
    ratio: null,
    goal: '0',
    met: hasWorker ? lost === 0 && !drained.timedOut : null,
    note: `${accepted.ok} answered 201, ${stored.stored} stored, ${stored.checked} checked`,
  });
}
