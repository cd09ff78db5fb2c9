import { Module } from '@nestjs/common';
import { EligibilityService } from './eligibility.service';
import { KVK_REGISTER, LocalKvkRegister } from './registers/kvk-register';
import { LocalTrainingRegister, TRAINING_REGISTER } from './registers/training-register';

/**
 * Eligibility: the rules (rules/), the outside registers behind interfaces (registers/) and
 * the service that checks an application. To use a real register, bind its class here
 * instead of the local one.
 */
@Module({
  providers: [
    EligibilityService,
    { provide: KVK_REGISTER, useClass: LocalKvkRegister },
    { provide: TRAINING_REGISTER, useClass: LocalTrainingRegister },
  ],
  exports: [EligibilityService],
})
export class EligibilityModule {}
