import { allocate } from '../../src/features/allocation/allocation';
import type { AllocationRow } from '../../src/features/applications/application-allocation';
import { BenchContext, settleOutbox, sleep } from '../harness/context';
import { eligibilityCounts } from '../harness/data';
import { submissionBurst } from '../harness/load';

/** The amount every opening-day application asks (the example body of docs/api.md). */
const REQUESTED = 250_000;

/**
 * The allocation audit: every application of the programme, its place worked out from scratch
 * (first fit in rank order after held money) against the place stored. Answers the differences
 * and how many waiting applications have no place yet.
 */
async function audit(ctx: BenchContext, programmeId: string) {
  const { rows } = await ctx.db.query(
    `SELECT a.id, a.rank, a.status, a.requested_amount_cents, a.granted_amount_cents, a.budget_position,
            a.reserve_position, p.budget_cents::float8 AS budget
       FROM applications a JOIN programmes p ON p.id = a.programme_id WHERE a.programme_id = $1`,
    [programmeId],
  );
  const apps: AllocationRow[] = rows.map((r) => ({
    id: r.id,
    rank: r.rank,
    status: r.status,
    requestedAmountCents: r.requested_amount_cents,
    grantedAmountCents: r.granted_amount_cents,
    budgetPosition: r.budget_position,
    reservePosition: r.reserve_position,
  }));
  const places = allocate(rows[0]?.budget ?? 0, apps);
  const differences = apps.filter((a) => {
    const p = places.get(a.id)!;
    return p.position !== a.budgetPosition || p.reservePosition !== a.reservePosition;
  }).length;
  const unranked = apps.filter((a) => a.rank === null).length;
  const within = apps.filter((a) => a.budgetPosition === 'within').length;
  return { differences, unranked, within, total: apps.length };
}

/**
 * opening-day: the first hour of a STAP-like opening. N applications (40,000; 4,000 in the
 * quick run) by distinct applicants as fast as the api takes them, against a programme whose
 * budget covers an eighth of them, our worker running (eligibility and allocation). Reports the
 * accept rate against the reference (the same burst, same SQL, no worker), the time until every
 * application has its eligibility result and its place in the budget settled, the lost ones
 * (201 but not stored, checked or placed), and the allocation audit recomputed from the database.
 */
export async function openingDayScenario(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 4000 : 40_000;
  const connections = ctx.settings.connections;
  const budgetCents = (count / 8) * REQUESTED;
  await settleOutbox(ctx.db);
  const api = await ctx.child('api', 'api');
  const reference = await ctx.child('reference', 'reference');
  const worker = await ctx
    .child('opening-worker', 'worker', { WORKER_QUEUES: 'eligibility,allocation' })
    .catch((error: Error) => `MISSING: our worker does not start (${error.message})`);
  const hasWorker = typeof worker !== 'string';
  const note = `${count.toLocaleString('en')} submissions${ctx.quick ? ' (quick run; the full run sends 40,000)' : ''}, budget for ${count / 8}, ${connections} connections`;

  const {
    accepted,
    settled: { state, timedOut },
    settledS,
  } = await submissionBurst(
    ctx,
    {
      scenario: 'opening-day',
      urls: { ours: api.url, reference: reference.url },
      amount: count,
      budgetCents,
      retire: ['opening-worker'],
      note,
    },
    // Settled: every application checked, and the stored places are the audit's, with an eighth within.
    async (programmeId, accepted) => {
      const deadline = Date.now() + (ctx.quick ? 180_000 : 900_000);
      let state = { checked: 0, stored: 0, differences: -1, unranked: -1, within: 0, total: 0 };
      while (hasWorker) {
        const r = await eligibilityCounts(ctx.db, programmeId);
        const a =
          r.checked === r.stored
            ? await audit(ctx, programmeId)
            : { differences: -1, unranked: -1, within: 0, total: 0 };
        state = { ...r, ...a };
        if (r.checked === accepted.ok && a.differences === 0 && a.within > 0) return { state, timedOut: false };
        if (Date.now() > deadline) break;
        await sleep(250);
      }
      return { state, timedOut: true };
    },
  );
  const lost = accepted.ok - Math.min(state.checked, state.stored);
  ctx.log(
    `opening-day: ${state.stored} stored, ${state.checked} checked, ${state.within} within, audit ${state.differences} differences after ${settledS.toFixed(1)} s` +
      (timedOut ? ' (TIMED OUT waiting)' : ''),
  );

  ctx.add({
    scenario: 'opening-day',
    metric: 'all checked and settled',
    unit: 's',
    ours: hasWorker && !timedOut ? settledS : null,
    reference: null,
    ratio: null,
    note:
      typeof worker === 'string'
        ? worker
        : 'from the first request until every check is stored and the places match the audit',
  });
  ctx.add({
    scenario: 'opening-day',
    metric: 'lost',
    unit: 'count',
    ours: hasWorker ? lost : null,
    reference: null,
    ratio: null,
    goal: '0',
    met: hasWorker ? lost === 0 && !timedOut : null,
    note: `${accepted.ok} answered 201, ${state.stored} stored, ${state.checked} checked`,
  });
  ctx.add({
    scenario: 'opening-day',
    metric: 'allocation audit differences',
    unit: 'count',
    ours: hasWorker ? state.differences : null,
    reference: null,
    ratio: null,
    goal: '0',
    met: hasWorker ? state.differences === 0 : null,
    note: `recomputed from the database: ${state.within} within of ${state.total}`,
  });
}
