import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core.module';
import { WorkerJobsModule } from './entry/worker/worker-jobs.module';
import { AppConfig } from './platform/config/app-config';
import { OutboxRelayService } from './platform/outbox/outbox-relay.service';
import { JobRegistry } from './platform/queue/job-registry.service';
import { JobSchedules } from './platform/queue/job-schedules.service';
import { JobWorkers } from './platform/queue/job-workers.service';
import { MetricsRegistry } from './platform/metrics/metrics-registry';
import { WorkerMetricsServer } from './platform/metrics/worker-metrics-server.service';

/**
 * The worker role: the outbox relay, one BullMQ worker per queue, the schedulers, the job
 * handlers, and its own metrics on WORKER_METRICS_PORT.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, metrics?: MetricsRegistry): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, metrics), DiscoveryModule, WorkerJobsModule],
      providers: [JobRegistry, JobWorkers, OutboxRelayService, JobSchedules, WorkerMetricsServer],
    };
  }
}
