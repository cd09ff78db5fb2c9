import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { JobRegistry } from './jobs/job-registry';
import { JobWorkers } from './jobs/job-workers.service';
import { OutboxRelayService } from './jobs/outbox-relay.service';
import { JobSchedules } from './jobs/job-schedules.service';
import { ApplicationsModule } from './modules/applications/applications.module';
import { EligibilityModule } from './modules/eligibility/eligibility.module';
import { MilestonesModule } from './modules/milestones/milestones.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ReportsModule } from './modules/reports/reports.module';

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
