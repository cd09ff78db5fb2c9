import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../../platform/kernel/actor';
import { dutchDate } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import { ApplicationReads } from './application-reads.service';
import { TransitionsService } from './transitions.service';

const BATCH = 200;

/** Vouchers past their expiry date expire, by the system, through the lifecycle's table. */
@Injectable()
export class VoucherExpiryService {
  constructor(
    private readonly reads: ApplicationReads,
    private readonly transitions: TransitionsService,
  ) {}

  /** Expires every granted voucher whose date has passed (on the Dutch calendar), a batch at a time. */
  async expireDue(now: Date = new Date()): Promise<'done'> {
    const today = dutchDate(now);
    for (;;) {
      const due = await this.reads.grantedExpiredBefore(today, BATCH);
      let expired = 0;
      for (const id of due) {
        try {
          await this.transitions.transition(SYSTEM_ACTOR, id, 'expire', {});
          expired++;
        } catch (error) {
          // Someone else moved it first (completed, withdrawn, or another worker expired it).
          if (!(error instanceof DomainError)) throw error;
        }
      }
      if (due.length < BATCH || expired === 0) return 'done';
    }
  }
}
