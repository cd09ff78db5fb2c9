import { OutboxRow } from './';
import { ApplicationEvent, JobName, MilestoneEvent } from '../queue/job-catalogue';

export interface RoutedJob {
  name: JobName;
  data: object;
}

/**
 * The jobs an outbox event sets off. Each lands in a different queue, so the outbox id can be
 * the job id in every one of them.
 */
export function jobsFor(row: OutboxRow): RoutedJob[] {
  if (row.type === 'milestone.reached') {
    return [{ name: JobName.AnnounceMilestone, data: { ...(row.payload as unknown as MilestoneEvent), eventId: row.id } }];
  }
  if (row.type.startsWith('application.')) {
    const event = row.payload as unknown as ApplicationEvent;
    const jobs: RoutedJob[] = [{ name: JobName.NotifyApplicant, data: { ...event, eventId: row.id } }];
    if (row.type === 'application.submitted') jobs.push({ name: JobName.CheckEligibility, data: event });
    if (row.type === 'application.grant') {
      jobs.push({ name: JobName.WatchMilestones, data: { programmeCode: event.programmeCode } });
    }
    return jobs;
  }
  return [];
}
