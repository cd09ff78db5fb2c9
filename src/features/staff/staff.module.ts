import { Global, Module } from '@nestjs/common';
import { StaffDirectory } from './staff-directory.service';

@Global()
@Module({ providers: [StaffDirectory], exports: [StaffDirectory] })
export class StaffModule {}
