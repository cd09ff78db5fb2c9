import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { MetricsRegistry } from '../../platform/metrics/metrics-registry';
import { lockDueForRemoval, removePersonalData } from '../applications/application-retention';
import { OBJECT_STORE, ObjectStore } from '../../platform/storage/object-store';
import { removeDocumentContent } from '../documents/document-retention';
import { eraseMessagesOf } from '../notifications/notification-erasure';

export interface RetentionRun {
  /** Applications whose personal data this run removed. */
  removed: number;
  /** Transactions it committed, each one batch. */
  batches: number;
  /** Applications closed at or before this moment were due. */
  cutoff: Date;
}

export interface RetentionOptions {
  /** Applications per transaction; default 500. */
  batchSize?: number;
  /** Called after each committed batch with the ids it removed (progress, tests). */
  onBatch?: (ids: string[]) => void;
}

/** `now` minus `years` calendar years (29 February falls back to 28 February). */
export function yearsBefore(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  if (cutoff.getUTCMonth() !== now.getUTCMonth()) cutoff.setUTCDate(0);
  return cutoff;
}

/**
 * Retention (docs/privacy.md): RETENTION_YEARS after an application closed, its personal data
 * goes, while what reports and milestones count stays. Batches of `batchSize`, each in one
 * transaction that locks its applications (SKIP LOCKED: two runs share the work), removes
 * their data and erases their messages. A crash loses at most the open batch, which rolls back;
 * the next run carries on, and nothing is removed twice (only rows not yet removed qualify).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');
  private readonly removedTotal;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    metrics: MetricsRegistry,
  ) {
    this.removedTotal = metrics.counter({
      name: 'vakvoucher_retention_removed_total',
      help: 'Applications whose personal data the retention job removed',
    });
  }

  async removeDue(now: Date = new Date(), options: RetentionOptions = {}): Promise<RetentionRun> {
    const batchSize = options.batchSize ?? 500;
    const cutoff = yearsBefore(now, this.config.RETENTION_YEARS);
    const run: RetentionRun = { removed: 0, batches: 0, cutoff };
    for (;;) {
      const ids = await this.db.transaction(async (tx) => {
        const due = await lockDueForRemoval(tx, cutoff, batchSize);
        if (due.length === 0) return [];
        const removed = await removePersonalData(tx, due, now);
        await eraseMessagesOf(tx, removed);
        await removeDocumentContent(tx, this.store, removed, now);
        return removed;
      });
      if (ids.length === 0) break;
      run.removed += ids.length;
      run.batches += 1;
      this.removedTotal.inc(ids.length);
      this.logger.log(
        `removed the personal data of ${ids.length} applications closed before ${cutoff.toISOString()} ` +
          `(batch ${run.batches}, ${run.removed} in this run)`,
      );
      options.onBatch?.(ids);
    }
    this.logger.log(
      `retention run done: ${run.removed} applications closed before ${cutoff.toISOString()} ` +
        `(RETENTION_YEARS=${this.config.RETENTION_YEARS}) had their personal data removed, in ${run.batches} batches`,
    );
    return run;
  }
}
