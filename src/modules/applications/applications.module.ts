import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { TransitionsService } from './transitions.service';

@Module({
  controllers: [ApplicationsController],
  providers: [ApplicationsService, TransitionsService],
  exports: [ApplicationsService, TransitionsService],
})
export class ApplicationsModule {}
