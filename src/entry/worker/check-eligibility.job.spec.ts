import { EligibilityService } from '../../features/eligibility/eligibility.service';
import { CheckEligibilityJob } from './check-eligibility.job';

describe('CheckEligibilityJob', () => {
  const checked: string[][] = [];
  const service = {
    checkAll: (ids: readonly string[]) => {
      checked.push([...ids]);
      return Promise.resolve('done' as const);
    },
  } as unknown as EligibilityService;
  const job = new CheckEligibilityJob(service);

  it('checks every application the job carries', async () => {
    await expect(job.run({ applicationIds: ['a', 'b', 'c'] })).resolves.toBe('done');
    expect(checked.at(-1)).toEqual(['a', 'b', 'c']);
  });

  it('still runs a job queued before jobs carried several applications (one application event)', async () => {
    await expect(job.run({ applicationId: 'd' })).resolves.toBe('done');
    expect(checked.at(-1)).toEqual(['d']);
  });
});
