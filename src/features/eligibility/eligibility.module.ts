import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { EligibilityService } from './eligibility.service';
import { PendingEligibilityService } from './pending-eligibility.service';
import { KVK_REGISTER, LocalKvkRegister } from './registers/kvk-register';
import { LocalTrainingRegister, TRAINING_REGISTER } from './registers/training-register';

/**
 * Eligibility: the rules (rules/), the outside registers behind interfaces (registers/), the
 * service that checks an application and the sweep that rechecks the stale ones. To use a
 * real register, bind its class here instead of the local one.
 */
@Module({
  imports: [ApplicationsModule],
  providers: [
    EligibilityService,
    PendingEligibilityService,
    { provide: KVK_REGISTER, useClass: LocalKvkRegister },
    { provide: TRAINING_REGISTER, useClass: LocalTrainingRegister },
  ],
  exports: [EligibilityService, PendingEligibilityService],
})
export class EligibilityModule {}
