import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { MilestonesService } from './milestones.service';

/** Milestones: snapshot and announcement, the approaching notice, and the list. */
@Module({
  imports: [NotificationsModule],
  providers: [MilestonesService],
  exports: [MilestonesService],
})
export class MilestonesModule {}
