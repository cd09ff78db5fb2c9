import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ApplicationsService } from './applications.service';
import { TransitionsService } from './transitions.service';

@Module({
  imports: [ProgrammesModule],
  providers: [ApplicationsService, TransitionsService],
  exports: [ApplicationsService, TransitionsService],
})
export class ApplicationsModule {}
