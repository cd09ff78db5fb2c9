import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AnnounceMilestoneJob, WatchMilestonesJob } from '../../entry/worker/milestones.job';
import { MilestonesController } from '../../entry/api/milestones/milestones.controller';
import { MilestonesService } from './milestones.service';

/** Milestones (queue `milestones`): snapshot and announcement, the approaching notice, and the list. */
@Module({
  imports: [NotificationsModule],
  controllers: [MilestonesController],
  providers: [MilestonesService, AnnounceMilestoneJob, WatchMilestonesJob],
  exports: [MilestonesService],
})
export class MilestonesModule {}
