import { Module } from '@nestjs/common';
import { AccessLog } from './access-log.service';

/** Who may see what (access-policy.ts, no module needed) and the log of who saw what. */
@Module({ providers: [AccessLog], exports: [AccessLog] })
export class AccessModule {}
