import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { Queues } from './queues.module';

/** The job states a scrape reports per queue; completed jobs are history, not depth. */
export const REPORTED_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * `vakvoucher_queue_jobs{queue, state}`: jobs per queue and state, read from Redis at each
 * scrape (one round trip per queue). Depth is waiting + prioritized; `failed` are the jobs that
 * ran out of tries and wait for someone at /admin/queues. Delayed includes the schedules.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly queues: Queues,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    const jobs = this.metrics.gauge({
      name: 'vakvoucher_queue_jobs',
      help: 'Jobs per queue and state (waiting, prioritized, active, delayed, failed)',
      labelNames: ['queue', 'state'],
    });
    this.metrics.onScrape('queues', async () => {
      const counts = await Promise.all(this.queues.all().map((q) => q.getJobCounts(...REPORTED_STATES)));
      jobs.reset();
      this.queues.all().forEach((queue, i) => {
        for (const state of REPORTED_STATES) jobs.set({ queue: queue.name, state }, counts[i][state] ?? 0);
      });
    });
  }
}
