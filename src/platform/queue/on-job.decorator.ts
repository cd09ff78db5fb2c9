import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-catalogue';

export const ON_JOB = 'vakvoucher:on-job';

/** Marks a provider method as the handler of one job. Jobs stay thin: they call a service. */
export const OnJob = (name: JobName) => SetMetadata(ON_JOB, name);
