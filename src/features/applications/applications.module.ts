import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ApplicationDrafts } from './application-drafts.service';
import { ApplicationReads } from './application-reads.service';
import { ApplicationsService } from './applications.service';
import { lifecycleProvider, TransitionHooks, TransitionRunner } from './transition-runner.service';
import { TransitionsService } from './transitions.service';
import { VoucherExpiryService } from './voucher-expiry.service';
import { OfficerQueue } from './officer-queue';

@Module({
  imports: [ProgrammesModule, AccessModule],
  providers: [
    lifecycleProvider,
    TransitionHooks,
    TransitionRunner,
    ApplicationsService,
    TransitionsService,
    ApplicationReads,
    ApplicationDrafts,
    VoucherExpiryService,
    OfficerQueue,
  ],
  exports: [
    lifecycleProvider,
    TransitionHooks,
    ApplicationsService,
    TransitionsService,
    ApplicationReads,
    ApplicationDrafts,
    VoucherExpiryService,
    OfficerQueue,
  ],
})
export class ApplicationsModule {}
