import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ApplicationsController } from '../../entry/api/applications/applications.controller';
import { ApplicationsService } from './applications.service';
import { ExpireVouchersJob } from '../../entry/worker/expire-vouchers.job';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [ProgrammesModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, TransitionsService, ExpireVouchersJob],
  exports: [ApplicationsService, TransitionsService],
})
export class ApplicationsModule {}
