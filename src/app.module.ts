import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './platform/config/app-config';
import { CoreModule } from './core.module';
import { ApplicationsModule } from './features/applications/applications.module';
import { AuthModule } from './platform/auth/auth.module';
import { HealthModule } from './platform/health/health.module';
import { MilestonesModule } from './features/milestones/milestones.module';
import { NotificationsModule } from './features/notifications/notifications.module';
import { ProgrammesModule } from './features/programmes/programmes.module';
import { ReportsModule } from './features/reports/reports.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        AuthModule,
        HealthModule,
        ProgrammesModule,
        ApplicationsModule,
        NotificationsModule,
        MilestonesModule,
        ReportsModule,
      ],
    };
  }
}
