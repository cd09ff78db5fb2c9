import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxRelay, OutboxRow } from './';
import { DataSource } from 'typeorm';
import { QueueName } from '../queue/job-catalogue';
import { jobsForRound } from './outbox-routes';
import { Queues } from '../queue/queues.module';

/** Runs the outbox relay in the worker role: outbox rows become BullMQ jobs (jobsForRound). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  readonly relay: OutboxRelay;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly queues: Queues,
  ) {
    this.relay = new OutboxRelay(db, (rows) => this.publish(rows), {
      onError: (error, failures) => {
        if (failures === 1 || failures % 50 === 0) {
          this.logger.warn(`Outbox relay cannot publish (${error.message}); retrying (${failures} failures so far)`);
        }
      },
    });
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: object; opts: { jobId: string } }[]>();
    for (const { queue, name, data, jobId } of jobsForRound(rows)) {
      if (!byQueue.has(queue)) byQueue.set(queue, []);
      byQueue.get(queue)!.push({ name, data, opts: { jobId } });
    }
    await Promise.all([...byQueue].map(([queue, jobs]) => this.queues.of(queue).addBulk(jobs)));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
