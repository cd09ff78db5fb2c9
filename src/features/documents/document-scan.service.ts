import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DocumentEvent, writeOutbox } from '../../platform/outbox';
import { VIRUS_SCANNER, VirusScanner } from '../../platform/scanning/clamav-scanner';
import { OBJECT_STORE, ObjectStore } from '../../platform/storage/object-store';
import { ApplicationReads } from '../applications/application-reads.service';
import { documentById, recordScan, storageKey } from './document-records';

/**
 * The scan of an uploaded document (the worker's `scan-document` job). The verdict is written
 * only over a pending scan, with its `document.scanned` event in the same transaction, so a job
 * that runs twice (a worker killed mid-scan, its job taken over) records it once. An infected
 * file is then moved to quarantine: kept, never served.
 */
@Injectable()
export class DocumentScanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner | null,
    private readonly applications: ApplicationReads,
  ) {}

  /** 'skipped' when the document is gone or its scan is known already. */
  async scan(documentId: string): Promise<'done' | 'skipped'> {
    const document = await documentById(this.db, documentId);
    if (!document) return 'skipped';
    if (document.scan !== 'pending') {
      // An earlier run recorded the verdict; it may have died before the move.
      if (document.scan === 'infected') await this.quarantine(document);
      return 'skipped';
    }
    const bytes = await this.store.get(storageKey(document, 'pending'));
    if (!bytes) throw new Error(`The bytes of document ${document.id} are missing from the store`);
    const verdict = this.scanner ? await this.scanner.scan(bytes) : { infected: false as const };
    const scan = verdict.infected ? 'infected' : 'clean';
    const application = await this.applications.byId(document.applicationId);
    const recorded = await this.db.transaction(async (tx) => {
      if (!(await recordScan(tx, document.id, scan, verdict.infected ? verdict.signature : null))) return false;
      const event: DocumentEvent = {
        documentId: document.id,
        applicationId: document.applicationId,
        programmeCode: application?.programmeCode ?? '',
        kind: document.kind,
        scan,
        uploadedBy: document.uploadedBy,
      };
      await writeOutbox(tx, [{ type: 'document.scanned', payload: event }]);
      return true;
    });
    if (scan === 'infected') await this.quarantine(document);
    return recorded ? 'done' : 'skipped';
  }

  private quarantine(document: { id: string; applicationId: string }): Promise<void> {
    return this.store.move(storageKey(document, 'pending'), storageKey(document, 'infected'));
  }
}
