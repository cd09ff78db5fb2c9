import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { DURATION_BUCKETS, MetricsRegistry } from '../metrics/metrics-registry';
import { workerConnection } from '../redis/redis-options';
import { JobName, JobPayloads, QueueName, servedQueues } from './job-catalogue';
import { JobRegistry } from './job-registry.service';

/**
 * One BullMQ worker per queue, sized from validated config. Each job goes to its one handler;
 * a handler that throws is retried with backoff, and stays visible as failed when out of tries.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobWorkers');
  private workers: Worker[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly metrics: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const runs = this.metrics.counter({
      name: 'vakvoucher_jobs_total',
      help: 'Job attempts this worker finished, by queue, job and outcome (done, skipped, failed)',
      labelNames: ['queue', 'job', 'outcome'],
    });
    const durations = this.metrics.histogram({
      name: 'vakvoucher_job_duration_seconds',
      help: 'Time a job attempt took in this worker, by queue and job',
      labelNames: ['queue', 'job'],
      buckets: DURATION_BUCKETS,
    });
    const run = async (queue: QueueName, job: Job<JobPayloads[JobName]>) => {
      const stop = durations.startTimer({ queue, job: job.name });
      try {
        const outcome = await this.registry.handle(job.name as JobName, job.data);
        runs.inc({ queue, job: job.name, outcome: outcome === 'skipped' ? 'skipped' : 'done' });
        return outcome;
      } catch (error) {
        runs.inc({ queue, job: job.name, outcome: 'failed' });
        throw error;
      } finally {
        stop();
      }
    };
    this.workers = servedQueues(this.config.WORKER_QUEUES).map((queue) => {
      const worker = new Worker(queue, (job: Job<JobPayloads[JobName]>) => run(queue, job), {
        connection: workerConnection(this.config),
        prefix: this.config.REDIS_PREFIX,
        concurrency:
          queue === QueueName.Eligibility ? this.config.ELIGIBILITY_CONCURRENCY : this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.WORKER_LOCK_MS,
        stalledInterval: Math.max(250, Math.floor(this.config.WORKER_LOCK_MS / 2)),
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(`${queue}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      worker.on('error', (error) => this.logger.error(`${queue} worker: ${error.message}`));
      return worker;
    });
  }

  /**
   * Closes every worker. A worker closed while its Redis connections are still being set up
   * (a process stopped right after it started) makes BullMQ emit an error nobody listens to any
   * more, so each gets up to two seconds to become ready first.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
        await Promise.race([
          worker.waitUntilReady().then(
            () => undefined,
            () => undefined,
          ),
          giveUp,
        ]);
        clearTimeout(timer);
        await worker.close();
      }),
    );
  }
}
