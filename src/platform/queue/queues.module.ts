import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { producerConnection } from '../redis/redis-options';
import { JobName, JobPayloads, QUEUE_OF, QueueName } from './job-catalogue';

/**
 * Retries with exponential backoff (1 s doubling, about 17 minutes over ten tries: enough to
 * outlast a Redis restart or a dead worker's lock); failed jobs stay visible; completed ones
 * are kept a day so a re-relayed outbox row finds its job id taken.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: false,
};

const QUEUES = Object.values(QueueName);

/** Every queue by name, for code that picks the queue from the job (relay, scheduler). */
@Injectable()
export class Queues {
  private readonly byName: Map<QueueName, Queue>;

  constructor(@Inject('ALL_QUEUES') queues: Queue[]) {
    this.byName = new Map(queues.map((q) => [q.name as QueueName, q]));
  }

  of(name: QueueName): Queue {
    return this.byName.get(name)!;
  }

  all(): Queue[] {
    return [...this.byName.values()];
  }

  /** Adds a typed job to its queue. */
  add<N extends JobName>(name: N, payload: JobPayloads[N], options: JobsOptions = {}) {
    return this.of(QUEUE_OF[name]).add(name, payload, options);
  }
}

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: producerConnection(config),
        prefix: config.REDIS_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
  ],
  providers: [
    {
      provide: 'ALL_QUEUES',
      inject: QUEUES.map((name) => getQueueToken(name)),
      useFactory: (...queues: Queue[]) => {
        // While Redis is away every reconnect fails; say so once a minute, not on every attempt.
        const logger = new Logger('Queues');
        let lastWarning = 0;
        for (const queue of queues) {
          queue.on('error', (error) => {
            if (Date.now() - lastWarning < 60_000) return;
            lastWarning = Date.now();
            logger.warn(`Queue ${queue.name}: ${error.message}`);
          });
        }
        return queues;
      },
    },
    Queues,
  ],
  exports: [BullModule, Queues],
})
export class QueuesModule {}
