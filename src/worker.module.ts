import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { JobRegistry } from './jobs/job-registry';
import { JobWorkers } from './jobs/job-workers.service';
import { OutboxRelayService } from './jobs/outbox-relay.service';
import { QueuesModule } from './jobs/queues.module';
import { JobSchedules } from './jobs/job-schedules.service';
import { loggerModule } from './logger.module';
import { ApplicationsModule } from './modules/applications/applications.module';
import { EligibilityModule } from './modules/eligibility/eligibility.module';
import { MilestonesModule } from './modules/milestones/milestones.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { StaffModule } from './modules/staff/staff.module';
import { RedisModule } from './redis/redis.module';

/** The worker role: the outbox relay, one BullMQ worker per queue, and the job schedulers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        DiscoveryModule,
        StaffModule,
        ApplicationsModule,
        EligibilityModule,
        NotificationsModule,
        MilestonesModule,
      ],
      providers: [JobRegistry, JobWorkers, OutboxRelayService, JobSchedules],
    };
  }
}
