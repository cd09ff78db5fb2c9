import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Programme } from './programme.entity';
import { ProgrammeCache } from './programme-cache.service';
import { ProgrammesService } from './programmes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Programme])],
  providers: [ProgrammesService, ProgrammeCache],
  exports: [ProgrammesService, ProgrammeCache],
})
export class ProgrammesModule {}
