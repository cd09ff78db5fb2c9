import { EligibilityChecks, QueueName } from '../../src/platform/queue/job-catalogue';
import { BenchContext, percentile, settleOutbox, sleep } from '../harness/context';
import { applicantTokens, createProgramme, eligibilityCounts, submitBody } from '../harness/data';
import { runLoad } from '../harness/load';
import { benchQueue } from '../harness/queues';

/** Waits until no outbox row of the programme is unrelayed and its applications are all checked. */
export async function waitForEligibility(
  ctx: BenchContext,
  programmeId: string,
  timeoutMs: number,
): Promise<{ checked: number; total: number; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stored, checked } = await eligibilityCounts(ctx.db, programmeId);
    if (checked === stored || Date.now() > deadline) return { checked, total: stored, timedOut: checked !== stored };
    await sleep(100);
  }
}

/**
 * outbox: from the submit's commit to its eligibility job going active, under full submit
 * load with the worker running (WORKER_QUEUES=eligibility). Per submission: outbox.created_at
 * (the transaction's now(), a few ms before commit, so this over-counts slightly) to the
 * `timestamp` (added to BullMQ by the relay) and `processedOn` (taken by a worker) of the job
 * that carries its application (at a peak the relay joins up to fifty in one job).
 */
export async function outboxScenario(ctx: BenchContext): Promise<void> {
  const durationS = ctx.quick ? 6 : 12;
  await settleOutbox(ctx.db);
  const worker = await ctx.worker();
  if (typeof worker === 'string') {
    ctx.add({
      scenario: 'outbox',
      metric: 'commit → active p99',
      unit: 'ms',
      ours: null,
      reference: null,
      ratio: null,
      goal: '< 1000 ms',
      met: null,
      note: worker,
    });
    return;
  }
  const api = await ctx.child('api', 'api');
  const programme = await createProgramme(ctx.db, `bench-outbox-${ctx.runId}`);
  const tokens = await applicantTokens(`outbox-${ctx.runId}`, ctx.quick ? 8000 : 20000);
  const body = submitBody(programme.code);
  const load = await runLoad({
    url: api.url,
    connections: ctx.settings.connections,
    durationS,
    method: 'POST',
    request: (i) => ({ path: '/api/v1/applications', token: tokens[i % tokens.length], body }),
  });
  const drained = await waitForEligibility(ctx, programme.id, ctx.quick ? 60_000 : 120_000);
  const { rows } = await ctx.db.query(
    `SELECT payload->>'applicationId' AS "applicationId", (extract(epoch FROM created_at) * 1000)::float8 AS created
     FROM outbox WHERE type = 'application.submitted' AND payload->>'programmeCode' = $1`,
    [programme.code],
  );
  const queue = benchQueue(ctx, QueueName.Eligibility);
  const jobOf = new Map<string, { timestamp: number; processedOn?: number }>();
  try {
    for (const job of await queue.getJobs(['completed'], 0, -1)) {
      for (const id of (job.data as EligibilityChecks).applicationIds ?? []) jobOf.set(id, job);
    }
  } finally {
    await queue.close();
  }
  const enqueued: number[] = [];
  const active: number[] = [];
  let missing = 0;
  for (const row of rows) {
    const job = jobOf.get(row.applicationId);
    if (!job?.processedOn) {
      missing++;
      continue;
    }
    enqueued.push(job.timestamp - row.created);
    active.push(job.processedOn - row.created);
  }
  ctx.log(
    `outbox: ${load.ok} submissions at ${load.rps.toFixed(0)} req/s with the worker on; ${rows.length} events; ` +
      `commit→active p50 ${percentile(active, 50).toFixed(0)} ms p99 ${percentile(active, 99).toFixed(0)} ms; ` +
      `commit→enqueued p99 ${percentile(enqueued, 99).toFixed(0)} ms; ${missing} without a job` +
      (drained.timedOut ? `; ${drained.total - drained.checked} still unchecked` : ''),
  );
  const note =
    `${load.ok} submissions in ${durationS} s at ${load.rps.toFixed(0)} req/s (api + worker on the same cores)` +
    (missing ? `; ${missing} events without an active job` : '');
  ctx.add({
    scenario: 'outbox',
    metric: 'commit → active p50',
    unit: 'ms',
    ours: percentile(active, 50),
    reference: null,
    ratio: null,
  });
  ctx.add({
    scenario: 'outbox',
    metric: 'commit → active p99',
    unit: 'ms',
    ours: percentile(active, 99),
    reference: null,
    ratio: null,
    goal: '< 1000 ms',
    met: percentile(active, 99) < 1000 && missing === 0,
    note,
  });
  ctx.add({
    scenario: 'outbox',
    metric: 'commit → enqueued p50',
    unit: 'ms',
    ours: percentile(enqueued, 50),
    reference: null,
    ratio: null,
    note: 'the relay alone (outbox row → BullMQ job)',
  });
  ctx.add({
    scenario: 'outbox',
    metric: 'commit → enqueued p99',
    unit: 'ms',
    ours: percentile(enqueued, 99),
    reference: null,
    ratio: null,
  });
}
