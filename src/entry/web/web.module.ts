import { Module } from '@nestjs/common';
import { PrivacyModule } from '../../features/privacy/privacy.module';
import { OidcLogin } from '../../platform/auth/oidc-login.service';
import { SessionStore } from '../../platform/auth/session-store.service';
import { ApplicationsModule } from '../../features/applications/applications.module';
import { DocumentsModule } from '../../features/documents/documents.module';
import { NotificationsModule } from '../../features/notifications/notifications.module';
import { ProgrammesModule } from '../../features/programmes/programmes.module';
import { MilestonesModule } from '../../features/milestones/milestones.module';
import { ReportsModule } from '../../features/reports/reports.module';
import { PageErrorFilter } from './http/page-error.filter';
import { PageGuard } from './http/page.guard';
import { PageKit } from './http/page-kit.service';
import { ApplicationStepsController } from './pages/application-steps.controller';
import { AdminProgrammesController } from './pages/admin-programmes.controller';
import { ApplyController } from './pages/apply.controller';
import { LoginController } from './pages/login.controller';
import { MailboxController } from './pages/mailbox.controller';
import { MyApplicationsController } from './pages/my-applications.controller';
import { OfficerApplicationController } from './pages/officer-application.controller';
import { OfficerQueueController } from './pages/officer-queue.controller';
import { ProvincePagesController } from './pages/province-pages.controller';
import { AssetsController, SiteController } from './pages/site.controller';

/** The server-rendered pages: thin controllers over the same use cases as the JSON API. */
@Module({
  imports: [
    ProgrammesModule,
    ApplicationsModule,
    NotificationsModule,
    PrivacyModule,
    DocumentsModule,
    ReportsModule,
    MilestonesModule,
  ],
  providers: [SessionStore, OidcLogin, PageKit, PageGuard, PageErrorFilter],
  controllers: [
    SiteController,
    AssetsController,
    LoginController,
    ApplyController,
    MyApplicationsController,
    ApplicationStepsController,
    MailboxController,
    OfficerQueueController,
    OfficerApplicationController,
    ProvincePagesController,
    AdminProgrammesController,
  ],
})
export class WebModule {}
