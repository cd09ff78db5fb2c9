import { randomUUID } from 'node:crypto';
import { EligibilityChecks, JobName, JOINED_PER_ROUND, QueueName, WebhookEvents } from '../queue/job-catalogue';

const MAX_CHECKS_PER_JOB = JOINED_PER_ROUND[JobName.CheckEligibility]!;
const MAX_PLANS_PER_JOB = JOINED_PER_ROUND[JobName.PlanWebhookDeliveries]!;
import { OutboxRow } from './outbox-relay';
import { jobsForRound } from './outbox-routes';

const submitted = (): OutboxRow => {
  const applicationId = randomUUID();
  return {
    id: randomUUID(),
    type: 'application.submitted',
    payload: {
      applicationId,
      reference: `VV-${applicationId.slice(0, 6)}`,
      programmeCode: 'p',
      action: 'submit',
      from: null,
      to: 'submitted',
      actorId: 'someone',
      jobs: [JobName.CheckEligibility],
    },
    created_at: new Date(),
  };
};
const applicationOf = (row: OutboxRow) => row.payload.applicationId as string;
/** The sizes of the groups `n` items make at `limit` a group: full ones, then the rest. */
const groups = (n: number, limit: number) =>
  Array.from({ length: Math.ceil(n / limit) }, (_, i) => Math.min(limit, n - i * limit));
const checks = (rows: OutboxRow[]) => jobsForRound(rows).filter((job) => job.name === JobName.CheckEligibility);

describe('jobsForRound', () => {
  it('gives a quiet round one check job and one webhook plan of one row each, with the row id as job id', () => {
    const row = submitted();
    const jobs = jobsForRound([row]);
    expect(jobs.filter((job) => job.name === JobName.CheckEligibility)).toEqual([
      {
        name: JobName.CheckEligibility,
        queue: QueueName.Eligibility,
        jobId: row.id,
        data: { applicationIds: [applicationOf(row)] },
      },
    ]);
    expect(jobs.find((job) => job.name === JobName.PlanWebhookDeliveries)).toMatchObject({
      queue: QueueName.Webhooks,
      jobId: row.id,
      data: { events: [{ eventId: row.id, type: 'application.submitted', payload: row.payload }] },
    });
    // The other jobs of the row keep their own queue's job id: the row's id.
    const notify = jobs.find((job) => job.name === JobName.NotifyApplicant);
    expect(notify).toMatchObject({ queue: QueueName.Notifications, jobId: row.id });
    expect(notify?.data).toMatchObject({ applicationId: applicationOf(row), eventId: row.id });
  });

  it('puts the checks of a round at a peak together, at most MAX_CHECKS_PER_JOB applications per job', () => {
    const rows = Array.from({ length: 2 * MAX_CHECKS_PER_JOB + 7 }, submitted);
    const jobs = checks(rows);
    expect(jobs.map((job) => (job.data as EligibilityChecks).applicationIds.length)).toEqual(
      groups(rows.length, MAX_CHECKS_PER_JOB),
    );
    expect(jobs.flatMap((job) => (job.data as EligibilityChecks).applicationIds)).toEqual(rows.map(applicationOf));
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(jobs.length);
    // The webhook plans of the round go together the same way; every other job stays one per row.
    const plans = jobsForRound(rows).filter((job) => job.name === JobName.PlanWebhookDeliveries);
    expect(plans.map((job) => (job.data as WebhookEvents).events.length)).toEqual(
      groups(rows.length, MAX_PLANS_PER_JOB),
    );
    expect(plans.flatMap((job) => (job.data as WebhookEvents).events.map((e) => e.eventId))).toEqual(
      rows.map((row) => row.id),
    );
    expect(new Set([...jobs, ...plans].map((job) => job.jobId)).size).toBe(jobs.length + plans.length);
    expect(jobsForRound(rows).filter((job) => job.name === JobName.NotifyApplicant)).toHaveLength(rows.length);
  });

  it('gives a round published again the same job ids, and a changed group a new one', () => {
    const rows = Array.from({ length: MAX_CHECKS_PER_JOB + 3 }, submitted);
    const first = checks(rows).map((job) => job.jobId);
    expect(checks(rows).map((job) => job.jobId)).toEqual(first);
    // The round leased two more rows when it ran again: the full group keeps its id, the grown one gets a new id.
    const again = checks([...rows, submitted(), submitted()]).map((job) => job.jobId);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).not.toBe(first[1]);
  });
});
