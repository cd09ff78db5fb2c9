import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../../features/applications/applications.module';
import { DocumentsModule } from '../../features/documents/documents.module';
import { MilestonesModule } from '../../features/milestones/milestones.module';
import { NotificationsModule } from '../../features/notifications/notifications.module';
import { ProgrammesModule } from '../../features/programmes/programmes.module';
import { ReportsModule } from '../../features/reports/reports.module';
import { AllocationModule } from '../../features/allocation/allocation.module';
import { AccessModule } from '../../features/access/access.module';
import { PrivacyModule } from '../../features/privacy/privacy.module';
import { WebhooksModule } from '../../features/webhooks/webhooks.module';
import { WebhooksController } from './webhooks/webhooks.controller';
import { AccessLogController } from './access-log/access-log.controller';
import { MeDataController } from './privacy/me-data.controller';
import { ApplicationsController } from './applications/applications.controller';
import { DocumentsController } from './documents/documents.controller';
import { MilestonesController } from './milestones/milestones.controller';
import { MeNotificationsController } from './notifications/me-notifications.controller';
import { ProgrammesController } from './programmes/programmes.controller';
import { LotteryController } from './programmes/lottery.controller';
import { ReportsController } from './reports/reports.controller';

/** The JSON API: thin controllers over the features' use cases. */
@Module({
  imports: [
    ProgrammesModule,
    ApplicationsModule,
    NotificationsModule,
    MilestonesModule,
    ReportsModule,
    AccessModule,
    PrivacyModule,
    DocumentsModule,
    AllocationModule,
    WebhooksModule,
  ],
  controllers: [
    ProgrammesController,
    LotteryController,
    ApplicationsController,
    DocumentsController,
    MeNotificationsController,
    MilestonesController,
    ReportsController,
    MeDataController,
    AccessLogController,
    WebhooksController,
  ],
})
export class ApiModule {}
