import { Global, Module } from '@nestjs/common';
import { STAFF_SEEN } from '../../platform/auth/staff-seen';
import { StaffDirectory } from './staff-directory.service';

/** The directory, also as what the auth guard tells about every verified caller (STAFF_SEEN). */
@Global()
@Module({
  providers: [StaffDirectory, { provide: STAFF_SEEN, useExisting: StaffDirectory }],
  exports: [StaffDirectory, STAFF_SEEN],
})
export class StaffModule {}
