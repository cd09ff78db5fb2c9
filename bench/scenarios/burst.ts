import { BenchContext, settleOutbox } from '../harness/context';
import { applicantTokens, createProgramme, submitBody } from '../harness/data';
import { runLoad } from '../harness/load';
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
  const tokens = await applicantTokens(`burst-${ctx.runId}`, count + connections);
  const note = `${count.toLocaleString('en')} submissions${ctx.quick ? ' (quick run; the full run sends 20,000)' : ''}, ${connections} connections`;

  const ours = await createProgramme(ctx.db, `bench-burst-ours-${ctx.runId}`);
  const oursBody = submitBody(ours.code);
  const started = Date.now();
  const accepted = await runLoad({
    url: api.url,
    connections,
    amount: count,
    method: 'POST',
    request: (i) => ({ path: '/api/v1/applications', token: tokens[i], body: oursBody }),
  });
  const acceptS = (Date.now() - started) / 1000;
  ctx.log(`burst: ours accepted ${accepted.ok}/${count} in ${acceptS.toFixed(1)} s (${accepted.rps.toFixed(0)} req/s)`);
  const drained = hasWorker
    ? await waitForEligibility(ctx, ours.id, ctx.quick ? 90_000 : 300_000)
    : { checked: 0, total: 0, timedOut: true };
  const allCheckedS = (Date.now() - started) / 1000;
  const {
    rows: [stored],
  } = await ctx.db.query(
    `SELECT count(*)::int AS stored, count(*) FILTER (WHERE eligibility->>'status' <> 'pending')::int AS checked
     FROM applications WHERE programme_id = $1`,
    [ours.id],
  );
  const lost = accepted.ok - stored.checked;
  ctx.log(
    `burst: ${stored.stored} stored, ${stored.checked} checked after ${allCheckedS.toFixed(1)} s; lost ${lost}` +
      (drained.timedOut ? ' (TIMED OUT waiting)' : ''),
  );

  // Our worker would relay and check the reference's submissions while it takes them: stop it
  // (its peak memory is kept) and the bare worker with it; they are not needed any more.
  await ctx.retire('worker');
  await ctx.retire('bare-worker');
  await settleOutbox(ctx.db);
  const ref = await createProgramme(ctx.db, `bench-burst-ref-${ctx.runId}`);
  const refBody = submitBody(ref.code);
  const refAccepted = await runLoad({
    url: reference.url,
    connections,
    amount: count,
    method: 'POST',
    request: (i) => ({ path: '/api/v1/applications', token: tokens[i], body: refBody }),
  });
  ctx.log(
    `burst: reference accepted ${refAccepted.ok}/${count} in ${refAccepted.durationS.toFixed(1)} s (${refAccepted.rps.toFixed(0)} req/s)`,
  );
  await settleOutbox(ctx.db);

  ctx.add({
    scenario: 'burst',
    metric: 'accept rate',
    unit: 'req/s',
    ours: accepted.rps,
    reference: refAccepted.rps,
    ratio: accepted.rps / refAccepted.rps,
    note: note + (accepted.non2xx ? `; non-2xx ${JSON.stringify(accepted.statusCounts)}` : ''),
  });
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
