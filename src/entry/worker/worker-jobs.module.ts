import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../../features/applications/applications.module';
import { EligibilityModule } from '../../features/eligibility/eligibility.module';
import { MilestonesModule } from '../../features/milestones/milestones.module';
import { NotificationsModule } from '../../features/notifications/notifications.module';
import { ProgrammesModule } from '../../features/programmes/programmes.module';
import { ReportsModule } from '../../features/reports/reports.module';
import { PrivacyModule } from '../../features/privacy/privacy.module';
import { RemoveExpiredPersonalDataJob } from './remove-expired-personal-data.job';
import { AnnounceMilestoneJob } from './announce-milestone.job';
import { CheckEligibilityJob } from './check-eligibility.job';
import { CompactReportCountersJob } from './compact-report-counters.job';
import { DailyDigestJob } from './daily-digest.job';
import { ExpireVouchersJob } from './expire-vouchers.job';
import { MonthlyReportJob } from './monthly-report.job';
import { NotifyApplicantJob } from './notify-applicant.job';
import { NotifyOfficersJob } from './notify-officers.job';
import { RemindInformationDueJob } from './remind-information-due.job';
import { ScanDocumentJob } from './scan-document.job';
import { NotifyDocumentInfectedJob } from './notify-document-infected.job';
import { AllocationModule } from '../../features/allocation/allocation.module';
import { DocumentsModule } from '../../features/documents/documents.module';
import { RecheckPendingEligibilityJob } from './recheck-pending-eligibility.job';
import { WatchMilestonesJob } from './watch-milestones.job';
import { RunLotteriesJob, SettleAllocationJob } from './allocation.job';
import { WebhooksModule } from '../../features/webhooks/webhooks.module';
import { PlanWebhookDeliveriesJob } from './plan-webhook-deliveries.job';
import { DeliverWebhookJob } from './deliver-webhook.job';

/** The worker's job handlers: one per job of the catalogue, each a thin call into a feature. */
@Module({
  imports: [
    ProgrammesModule,
    ApplicationsModule,
    DocumentsModule,
    EligibilityModule,
    NotificationsModule,
    MilestonesModule,
    ReportsModule,
    PrivacyModule,
    AllocationModule,
    WebhooksModule,
  ],
  providers: [
    CheckEligibilityJob,
    SettleAllocationJob,
    RunLotteriesJob,
    RecheckPendingEligibilityJob,
    NotifyApplicantJob,
    NotifyOfficersJob,
    RemindInformationDueJob,
    ScanDocumentJob,
    NotifyDocumentInfectedJob,
    DailyDigestJob,
    AnnounceMilestoneJob,
    WatchMilestonesJob,
    ExpireVouchersJob,
    MonthlyReportJob,
    CompactReportCountersJob,
    RemoveExpiredPersonalDataJob,
    PlanWebhookDeliveriesJob,
    DeliverWebhookJob,
  ],
})
export class WorkerJobsModule {}
