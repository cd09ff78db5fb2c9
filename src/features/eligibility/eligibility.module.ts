import { Module } from '@nestjs/common';
import { CheckEligibilityJob } from '../../entry/worker/check-eligibility.job';
import { EligibilityService } from './eligibility.service';
import { RecheckPendingEligibilityJob } from '../../entry/worker/recheck-pending-eligibility.job';
import { KVK_REGISTER, LocalKvkRegister } from './registers/kvk-register';
import { LocalTrainingRegister, TRAINING_REGISTER } from './registers/training-register';

/**
 * Eligibility: the rules (rules/), the outside registers behind interfaces (registers/), the
 * service that checks an application, and its job. Queries go through the global DataSource
 * (DatabaseModule). To use a real register, bind its class here instead of the local one.
 */
@Module({
  providers: [
    EligibilityService,
    CheckEligibilityJob,
    RecheckPendingEligibilityJob,
    { provide: KVK_REGISTER, useClass: LocalKvkRegister },
    { provide: TRAINING_REGISTER, useClass: LocalTrainingRegister },
  ],
  exports: [EligibilityService],
})
export class EligibilityModule {}
