import { Queue } from 'bullmq';
import { JobName, QueueName } from '../../src/platform/queue/job-catalogue';
import { BenchContext, median, settleOutbox } from '../harness/context';
import { createProgramme, insertApplications } from '../harness/data';
import { benchQueue, timeJobs } from '../harness/queues';

/**
 * eligibility worker: jobs per second through our worker process (WORKER_QUEUES=eligibility,
 * the real CheckEligibility handler on real pending applications) against a bare BullMQ Worker
 * with a no-op processor at the same concurrency, on the same number of jobs. Jobs are added
 * to a paused queue; the clock runs from resume until the last one completed.
 */
export async function eligibilityScenario(ctx: BenchContext): Promise<void> {
  const plan = ctx.quick ? { rounds: 1, jobs: 2000 } : { rounds: 2, jobs: 8000 };
  const settled = await settleOutbox(ctx.db);
  if (settled) ctx.log(`eligibility: marked ${settled} outbox rows of earlier scenarios relayed`);
  const worker = await ctx.worker();
  if (typeof worker === 'string') {
    ctx.add({
      scenario: 'eligibility',
      metric: 'throughput',
      unit: 'jobs/s',
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
  const rates: { ours: number[]; bare: number[] } = { ours: [], bare: [] };
  const problems: string[] = [];
  try {
    for (let round = 0; round < plan.rounds; round++) {
      const programme = await createProgramme(ctx.db, `bench-elig-${round}-${ctx.runId}`);
      const ids = await insertApplications(ctx.db, programme, plan.jobs, {
        ownerPrefix: `elig-${round}-${ctx.runId}-`,
        eligibility: 'pending',
      });
      await ctx.db.query('ANALYZE applications');
      const jobs = ids.map((applicationId) => ({
        name: JobName.CheckEligibility,
        data: {
          applicationId,
          reference: 'BN',
          programmeCode: programme.code,
          action: 'submit',
          from: null,
          to: 'submitted',
          actorId: 'bench',
        },
      }));
      const order: ('ours' | 'bare')[] = round % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const side of order) {
        const queue: Queue = side === 'ours' ? ours : bare;
        const timing = await timeJobs(queue, jobs, ctx.quick ? 60_000 : 180_000);
        const rate = timing.completed / timing.seconds;
        rates[side].push(rate);
        ctx.log(
          `eligibility round ${round + 1} ${side}: ${jobs.length} jobs in ${timing.seconds.toFixed(2)} s = ${rate.toFixed(0)} jobs/s` +
            (timing.failed || timing.timedOut
              ? ` (${timing.failed} failed${timing.timedOut ? ', TIMED OUT' : ''})`
              : ''),
        );
        if (timing.failed || timing.timedOut)
          problems.push(`${side}: ${timing.failed} failed${timing.timedOut ? ', timed out' : ''}`);
      }
      const {
        rows: [done],
      } = await ctx.db.query(
        `SELECT count(*) FILTER (WHERE eligibility->>'status' <> 'pending')::int AS checked, count(*)::int AS total
         FROM applications WHERE programme_id = $1`,
        [programme.id],
      );
      if (done.checked !== done.total)
        problems.push(`${done.total - done.checked} of ${done.total} applications left unchecked`);
    }
  } finally {
    await Promise.all([ours.close(), bare.close()]);
  }
  const o = median(rates.ours);
  const b = median(rates.bare);
  ctx.add({
    scenario: 'eligibility',
    metric: 'throughput',
    unit: 'jobs/s',
    ours: o,
    reference: b,
    referenceName: 'bare BullMQ',
    ratio: o / b,
    goal: '≥ 0.5×',
    met: o / b >= 0.5,
    note:
      `${plan.jobs} jobs, concurrency ${ctx.childEnv().ELIGIBILITY_CONCURRENCY}, ${plan.rounds} round(s)` +
      (problems.length ? `; PROBLEMS: ${problems.join('; ')}` : ''),
  });
}
