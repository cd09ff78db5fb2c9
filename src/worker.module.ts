import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from './platform/config/app-config';
import { CoreModule } from './core.module';
import { JobRegistry } from './platform/queue/job-registry';
import { JobWorkers } from './platform/queue/job-workers.service';
import { OutboxRelayService } from './platform/outbox/outbox-relay.service';
import { JobSchedules } from './platform/queue/job-schedules.service';
import { ApplicationsModule } from './features/applications/applications.module';
import { EligibilityModule } from './features/eligibility/eligibility.module';
import { MilestonesModule } from './features/milestones/milestones.module';
import { NotificationsModule } from './features/notifications/notifications.module';
import { ReportsModule } from './features/reports/reports.module';

/** The worker role: the outbox relay, one BullMQ worker per queue, and the job schedulers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        DiscoveryModule,
        ApplicationsModule,
        EligibilityModule,
        NotificationsModule,
        MilestonesModule,
        ReportsModule,
      ],
      providers: [JobRegistry, JobWorkers, OutboxRelayService, JobSchedules],
    };
  }
}
