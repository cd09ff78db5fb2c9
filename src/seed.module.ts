import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './platform/config/app-config';
import { CoreModule } from './core.module';
import { AllocationModule } from './features/allocation/allocation.module';
import { ApplicationsModule } from './features/applications/applications.module';
import { DocumentsModule } from './features/documents/documents.module';
import { EligibilityModule } from './features/eligibility/eligibility.module';
import { MilestonesModule } from './features/milestones/milestones.module';
import { ReportsModule } from './features/reports/reports.module';

/** What seeding uses: the lifecycle services, documents and the eligibility check, without api or workers. */
@Module({})
export class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        CoreModule.forRoot(config),
        ApplicationsModule,
        DocumentsModule,
        EligibilityModule,
        ReportsModule,
        MilestonesModule,
        AllocationModule,
      ],
    };
  }
}
