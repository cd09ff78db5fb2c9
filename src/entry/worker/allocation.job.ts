import { Injectable } from '@nestjs/common';
import { JobName, JobOutcome, JobPayloads } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { AllocationService } from '../../features/allocation/allocation.service';
import { LotteryService } from '../../features/allocation/lottery.service';

/** After every lifecycle step: the programme's places in the budget are settled again (calls share runs). */
@Injectable()
export class SettleAllocationJob {
  constructor(private readonly allocation: AllocationService) {}

  @OnJob(JobName.SettleAllocation)
  run({ programmeCode }: JobPayloads[JobName.SettleAllocation]): Promise<JobOutcome> {
    return this.allocation.settleByCode(programmeCode);
  }
}

/** Hourly: every daily-lottery programme publishes its coming days' seed hashes and draws its finished days. */
@Injectable()
export class RunLotteriesJob {
  constructor(private readonly lottery: LotteryService) {}

  @OnJob(JobName.RunLotteries)
  run(): Promise<JobOutcome> {
    return this.lottery.run();
  }
}
