import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { InformationReminderService } from '../../features/notifications/information-reminder.service';

/** The scheduler's job: applicants reminded three days before an information due date, once. */
@Injectable()
export class RemindInformationDueJob {
  constructor(private readonly reminders: InformationReminderService) {}

  @OnJob(JobName.RemindInformationDue)
  run(): Promise<JobOutcome> {
    return this.reminders.remindDue();
  }
}
