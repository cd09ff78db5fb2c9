import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './jobs/queues.module';
import { loggerModule } from './logger.module';
import { ApplicationsModule } from './modules/applications/applications.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MilestonesModule } from './modules/milestones/milestones.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ProgrammesModule } from './modules/programmes/programmes.module';
import { StaffModule } from './modules/staff/staff.module';
import { RedisModule } from './redis/redis.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        DatabaseModule,
        RedisModule,
        QueuesModule,
        StaffModule,
        AuthModule,
        HealthModule,
        ProgrammesModule,
        ApplicationsModule,
        NotificationsModule,
        MilestonesModule,
      ],
    };
  }
}
