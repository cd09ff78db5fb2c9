import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { outboxLagSeconds } from './outbox-reads';

/** `vakvoucher_outbox_lag_seconds`: the age of the oldest event the relay has not moved yet. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    const lag = this.metrics.gauge({
      name: 'vakvoucher_outbox_lag_seconds',
      help: 'Age of the oldest outbox event not yet relayed to the queues (0: none waiting)',
    });
    this.metrics.onScrape('outbox', async () => {
      lag.set(await outboxLagSeconds(this.db));
    });
  }
}
