import { JobName } from '../queue/job-catalogue';
import { outboxEvent } from './outbox-events';
import { OutboxRow } from './outbox-relay';

export interface RoutedJob {
  name: JobName;
  data: object;
}

/**
 * The jobs an outbox event sets off. Each lands in a different queue, so the outbox id can be
 * the job id in every one of them.
 */
export function jobsFor(row: OutboxRow): RoutedJob[] {
  const event = outboxEvent(row);
  if (event === null) return [];
  if (event.type === 'milestone.reached') {
    return [{ name: JobName.AnnounceMilestone, data: { ...event.payload, eventId: row.id } }];
  }
  const jobs: RoutedJob[] = [{ name: JobName.NotifyApplicant, data: { ...event.payload, eventId: row.id } }];
  if (event.type === 'application.submitted') jobs.push({ name: JobName.CheckEligibility, data: event.payload });
  if (event.type === 'application.granted') {
    jobs.push({ name: JobName.WatchMilestones, data: { programmeCode: event.payload.programmeCode } });
  }
  return jobs;
}
