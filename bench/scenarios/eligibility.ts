import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { RELAY_ROUND_ROWS } from '../../src/platform/outbox/outbox-relay';
import { jobsForRound } from '../../src/platform/outbox/outbox-routes';
import { JobName, QueueName } from '../../src/platform/queue/job-catalogue';
import { BenchContext, median, settleOutbox } from '../harness/context';
import { createProgramme, insertApplications } from '../harness/data';
import { benchQueue, timeJobs } from '../harness/queues';

type Side = 'ours' | 'single' | 'bare';

/**
 * The check jobs the relay makes of these applications' submissions at a peak: rounds of
 * RELAY_ROUND_ROWS outbox rows, each shaped by the relay's own jobsForRound (fifty checks a job).
 */
function relayedCheckJobs(applicationIds: string[], programmeCode: string): { name: string; data: object }[] {
  const rows = applicationIds.map((applicationId) => ({
    id: randomUUID(),
    type: 'application.submitted',
    payload: {
      applicationId,
      reference: 'BN',
      programmeCode,
      action: 'submit',
      from: null,
      to: 'submitted',
      actorId: 'bench',
      jobs: [JobName.CheckEligibility],
    },
    created_at: new Date(),
  }));
  const jobs: { name: string; data: object }[] = [];
  for (let i = 0; i < rows.length; i += RELAY_ROUND_ROWS) {
    for (const job of jobsForRound(rows.slice(i, i + RELAY_ROUND_ROWS))) {
      if (job.name === JobName.CheckEligibility) jobs.push({ name: job.name, data: job.data });
    }
  }
  return jobs;
}

/**
 * eligibility worker: applications checked per second by our worker process
 * (WORKER_QUEUES=eligibility, the real CheckEligibility handler on real pending applications)
 * against a bare BullMQ Worker with a no-op processor at the same concurrency, given one job per
 * application. Ours gets the jobs the relay makes at a peak (up to fifty applications a job,
 * jobsForRound); "single" is ours given one job per application, as at a quiet time (reported,
 * no goal). Jobs are added to a paused queue; the clock runs from resume until the last one
 * completed. Each side checks its own fresh pending applications.
 */
export async function eligibilityScenario(ctx: BenchContext): Promise<void> {
  const plan = ctx.quick ? { rounds: 1, applications: 2000 } : { rounds: 2, applications: 8000 };
  const settled = await settleOutbox(ctx.db);
  if (settled) ctx.log(`eligibility: marked ${settled} outbox rows of earlier scenarios relayed`);
  const worker = await ctx.worker();
  if (typeof worker === 'string') {
    ctx.add({
      scenario: 'eligibility',
      metric: 'throughput',
      unit: 'checks/s',
      ours: null,
      reference: null,
      ratio: null,
      goal: '≥ 0.5×',
      met: null,
      note: worker,
    });
    return;
  }
  await ctx.child('bare-worker', 'bare-worker', {
    REDIS_PREFIX: `${ctx.redisPrefix}-bare`,
    BENCH_BARE_QUEUE: QueueName.Eligibility,
  });
  const ours = benchQueue(ctx, QueueName.Eligibility);
  const bare = benchQueue(ctx, QueueName.Eligibility, `${ctx.redisPrefix}-bare`);
  const rates: Record<Side, number[]> = { ours: [], single: [], bare: [] };
  const problems: string[] = [];
  try {
    for (let round = 0; round < plan.rounds; round++) {
      const order: Side[] = round % 2 === 0 ? ['ours', 'bare', 'single'] : ['single', 'bare', 'ours'];
      for (const side of order) {
        const programme = await createProgramme(ctx.db, `bench-elig-${side}-${round}-${ctx.runId}`);
        const ids = await insertApplications(ctx.db, programme, plan.applications, {
          ownerPrefix: `elig-${side}-${round}-${ctx.runId}-`,
          eligibility: 'pending',
        });
        await ctx.db.query('ANALYZE applications');
        const jobs =
          side === 'ours'
            ? relayedCheckJobs(ids, programme.code)
            : ids.map((id) => ({ name: JobName.CheckEligibility, data: { applicationIds: [id] } }));
        const queue: Queue = side === 'bare' ? bare : ours;
        const timing = await timeJobs(queue, jobs, ctx.quick ? 60_000 : 180_000);
        const rate = ids.length / timing.seconds;
        rates[side].push(rate);
        ctx.log(
          `eligibility round ${round + 1} ${side}: ${ids.length} applications in ${jobs.length} jobs, ${timing.seconds.toFixed(2)} s = ${rate.toFixed(0)} checks/s` +
            (timing.failed || timing.timedOut
              ? ` (${timing.failed} failed${timing.timedOut ? ', TIMED OUT' : ''})`
              : ''),
        );
        if (timing.failed || timing.timedOut)
          problems.push(`${side}: ${timing.failed} failed${timing.timedOut ? ', timed out' : ''}`);
        if (side === 'bare') continue;
        const {
          rows: [done],
        } = await ctx.db.query(
          `SELECT count(*) FILTER (WHERE eligibility->>'status' <> 'pending')::int AS checked, count(*)::int AS total
           FROM applications WHERE programme_id = $1`,
          [programme.id],
        );
        if (done.checked !== done.total)
          problems.push(`${side}: ${done.total - done.checked} of ${done.total} applications left unchecked`);
      }
    }
  } finally {
    await Promise.all([ours.close(), bare.close()]);
  }
  const b = median(rates.bare);
  const note = `${plan.applications} applications, concurrency ${ctx.childEnv().ELIGIBILITY_CONCURRENCY}, ${plan.rounds} round(s)`;
  const flagged = problems.length ? `; PROBLEMS: ${problems.join('; ')}` : '';
  const o = median(rates.ours);
  ctx.add({
    scenario: 'eligibility',
    metric: 'throughput',
    unit: 'checks/s',
    ours: o,
    reference: b,
    referenceName: 'bare BullMQ, a job each',
    ratio: o / b,
    goal: '≥ 0.5×',
    met: o / b >= 0.5,
    note: `${note}; ours in jobs as the relay makes them at a peak (≤ 50 a job)${flagged}`,
  });
  const single = median(rates.single);
  ctx.add({
    scenario: 'eligibility',
    metric: 'a job each',
    unit: 'checks/s',
    ours: single,
    reference: b,
    referenceName: 'bare BullMQ, a job each',
    ratio: single / b,
    met: null,
    note: `${note}; ours one job per application, as at a quiet time`,
  });
}
