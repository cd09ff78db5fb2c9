import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { ApplicationsModule } from './modules/applications/applications.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MilestonesModule } from './modules/milestones/milestones.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ProgrammesModule } from './modules/programmes/programmes.module';
import { ReportsModule } from './modules/reports/reports.module';

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
