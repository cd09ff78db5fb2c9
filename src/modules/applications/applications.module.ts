import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { ExpireVouchersJob } from './expire-vouchers.job';
import { TransitionsService } from './transitions.service';

@Module({
  controllers: [ApplicationsController],
  providers: [ApplicationsService, TransitionsService, ExpireVouchersJob],
  exports: [ApplicationsService, TransitionsService],
})
export class ApplicationsModule {}
