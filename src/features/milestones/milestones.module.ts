import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ApplicationsModule } from '../applications/applications.module';
import { MilestoneRecorderHook } from './milestone-recorder.hook';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { MilestonesService } from './milestones.service';

/** Milestones: snapshot and announcement, the approaching notice, and the list. */
@Module({
  imports: [AccessModule, ApplicationsModule, NotificationsModule, ProgrammesModule],
  providers: [MilestoneRecorderHook, MilestonesService],
  exports: [MilestonesService],
})
export class MilestonesModule {}
