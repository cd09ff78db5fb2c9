import { randomUUID } from 'node:crypto';
import { EligibilityChecks, JobName, MAX_CHECKS_PER_JOB, QueueName } from '../queue/job-catalogue';
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
const checks = (rows: OutboxRow[]) => jobsForRound(rows).filter((job) => job.name === JobName.CheckEligibility);

describe('jobsForRound', () => {
  it('gives a quiet round one check job of one application, with the row id as job id', () => {
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
    // The other jobs of the row keep their own queue's job id: the row's id.
    const notify = jobs.find((job) => job.name === JobName.NotifyApplicant);
    expect(notify).toMatchObject({ queue: QueueName.Notifications, jobId: row.id });
    expect(notify?.data).toMatchObject({ applicationId: applicationOf(row), eventId: row.id });
  });

  it('puts the checks of a round at a peak together, at most MAX_CHECKS_PER_JOB applications per job', () => {
    const rows = Array.from({ length: 2 * MAX_CHECKS_PER_JOB + 7 }, submitted);
    const jobs = checks(rows);
    expect(jobs.map((job) => (job.data as EligibilityChecks).applicationIds.length)).toEqual([
      MAX_CHECKS_PER_JOB,
      MAX_CHECKS_PER_JOB,
      7,
    ]);
    expect(jobs.flatMap((job) => (job.data as EligibilityChecks).applicationIds)).toEqual(rows.map(applicationOf));
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(3);
    // Every other job stays one per row.
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
