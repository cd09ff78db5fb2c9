import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { AllocationService } from './allocation.service';
import { LotteryService } from './lottery.service';

/** Allocation: ranks, places in the budget and the reserve list, the daily lottery. */
@Module({
  imports: [ApplicationsModule, ProgrammesModule],
  providers: [AllocationService, LotteryService],
  exports: [AllocationService, LotteryService],
})
export class AllocationModule {}
