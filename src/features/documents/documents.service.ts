import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { isUuid } from '../../platform/kernel/uuid';
import { DocumentEvent, writeOutbox } from '../../platform/outbox';
import { VIRUS_SCANNER, VirusScanner } from '../../platform/scanning/clamav-scanner';
import { OBJECT_STORE, ObjectStore } from '../../platform/storage/object-store';
import { AccessLog } from '../access/access-log.service';
import { documentAccess } from '../access/access-policy';
import type { Application } from '../applications/application.entity';
import { ApplicationReads, statusForShare } from '../applications/application-reads.service';
import { LIFECYCLE } from '../applications/transition-runner.service';
import type { Lifecycle } from '../applications/voucher-lifecycle';
import { DocumentRecord, documentById, documentsOf, insertDocument, storageKey } from './document-records';
import { cleanFileName, DOCUMENT_KINDS, DocumentKind, sniffType } from './document-type';

/** What an upload carries, as the entry point read it (multipart for the api). */
export interface UploadInput {
  kind?: string;
  fileName?: string;
  bytes?: Buffer;
}

const notFound = () => new DomainError('not-found', 'No such application');

export function documentTooLarge(maxBytes: number): DomainError {
  return new DomainError('document-too-large', `A document may be at most ${maxBytes} bytes`, [
    { name: 'file', reason: `file must be at most ${maxBytes} bytes` },
  ]);
}

/**
 * What is wrong with an upload's file itself, thrown: none or empty, larger than `maxBytes`, or
 * not a PDF, PNG or JPEG by its content. Returns the content type. Upload checks every file with
 * it; a form with several files checks them all first, so none is stored when one is wrong.
 */
export function checkUpload(bytes: Buffer | undefined, maxBytes: number): { bytes: Buffer; contentType: string } {
  if (!bytes || bytes.length === 0) {
    throw new DomainError('invalid-request', 'The upload has no file', [
      { name: 'file', reason: 'file is required and may not be empty' },
    ]);
  }
  if (bytes.length > maxBytes) throw documentTooLarge(maxBytes);
  const contentType = sniffType(bytes);
  if (!contentType) {
    throw new DomainError('unsupported-document-type', 'Only PDF, PNG and JPEG documents are accepted', [
      { name: 'file', reason: 'file must be a PDF, PNG or JPEG document (judged by its content)' },
    ]);
  }
  return { bytes, contentType };
}

/**
 * Documents on an application: upload (the type judged from the content, a size limit, the
 * SHA-256 kept), list, and download once a scan found it clean (docs/api.md, "Documents").
 * Who may do what is `documentAccess`; refusals come in the api's order: 404, 403, 409, then
 * what is wrong with the upload itself.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner | null,
    private readonly applications: ApplicationReads,
    private readonly config: AppConfig,
    private readonly accessLog: AccessLog,
  ) {}

  private async readable(actor: Actor, applicationId: string): Promise<Application> {
    const application = isUuid(applicationId) ? await this.applications.byId(applicationId) : null;
    if (!application || !documentAccess.canRead(actor, application)) throw notFound();
    return application;
  }

  private isFinal(status: string): boolean {
    return (this.lifecycle.finalStates() as string[]).includes(status);
  }

  /**
   * Stores a document on the application. `read` is called only once the caller may upload
   * here, so nothing is read for a request that is refused anyway. The bytes are stored first,
   * then the row and its `document.uploaded` event are written under a share lock on the
   * application: a transition to a final state waits for the upload, or the upload sees it.
   */
  async upload(actor: Actor, applicationId: string, read: () => Promise<UploadInput>): Promise<DocumentRecord> {
    const application = await this.readable(actor, applicationId);
    if (!documentAccess.canUpload(actor, application)) {
      throw new DomainError('forbidden', 'Your role may not upload documents to this application');
    }
    if (this.isFinal(application.status)) {
      throw new DomainError('illegal-transition', `No documents can be added to a ${application.status} application`);
    }
    const input = await read();
    const kind = this.kindOf(input.kind);
    const { bytes, contentType } = checkUpload(input.bytes, this.config.DOCUMENT_MAX_BYTES);

    const id = randomUUID();
    const draft = {
      id,
      applicationId: application.id,
      kind,
      fileName: cleanFileName(input.fileName),
      contentType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      // Without a scanner a document counts as clean once its type is known (docs/api.md).
      scan: this.scanner ? ('pending' as const) : ('clean' as const),
      uploadedBy: { id: actor.id, role: actor.role },
    };
    const key = storageKey(draft, 'pending');
    await this.store.put(key, bytes, contentType);
    try {
      return await this.db.transaction(async (tx) => {
        const status = await statusForShare(tx, application.id);
        if (status === null || this.isFinal(status)) {
          throw new DomainError('illegal-transition', `No documents can be added to a ${status} application`);
        }
        const document = await insertDocument(tx, draft);
        const event: DocumentEvent = {
          documentId: id,
          applicationId: application.id,
          programmeCode: application.programmeCode,
          kind,
          scan: document.scan,
          uploadedBy: document.uploadedBy,
        };
        await writeOutbox(tx, [{ type: 'document.uploaded', payload: event }]);
        return document;
      });
    } catch (error) {
      await this.store.delete(key).catch(() => undefined); // nothing on file: no bytes kept either
      throw error;
    }
  }

  /** The application's documents; a staff member's read is logged (file names may name people). */
  async list(actor: Actor, applicationId: string, route: string): Promise<DocumentRecord[]> {
    const application = await this.readable(actor, applicationId);
    const documents = await documentsOf(this.db, application.id);
    await this.accessLog.recordRead(actor, [application.id], route);
    return documents;
  }

  /** The document and its bytes, once its scan came back clean (invariant 10). */
  async content(
    actor: Actor,
    applicationId: string,
    documentId: string,
    route: string,
  ): Promise<{ document: DocumentRecord; bytes: Buffer }> {
    const application = await this.readable(actor, applicationId);
    const document = isUuid(documentId) ? await documentById(this.db, documentId) : null;
    if (!document || document.applicationId !== application.id) {
      throw new DomainError('not-found', 'No such document');
    }
    if (document.contentRemovedAt !== null) {
      throw new DomainError('document-not-available', 'The document was removed at the end of its retention period');
    }
    if (document.scan !== 'clean') {
      throw new DomainError(
        'document-not-available',
        document.scan === 'pending' ? 'The document is still being scanned' : 'The document was found infected',
      );
    }
    const bytes = await this.store.get(storageKey(document, document.scan));
    if (!bytes) throw new Error(`The bytes of document ${document.id} are missing from the store`);
    await this.accessLog.recordRead(actor, [application.id], route);
    return { document, bytes };
  }

  /** A document by id, for the worker's jobs; null when it is gone. */
  byId(documentId: string): Promise<DocumentRecord | null> {
    return isUuid(documentId) ? documentById(this.db, documentId) : Promise.resolve(null);
  }

  private kindOf(kind: string | undefined): DocumentKind {
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind ?? '')) {
      throw new DomainError('invalid-request', 'The upload needs a kind', [
        { name: 'kind', reason: `kind must be one of ${DOCUMENT_KINDS.join(', ')}` },
      ]);
    }
    return kind as DocumentKind;
  }

  tooLarge(): DomainError {
    return documentTooLarge(this.config.DOCUMENT_MAX_BYTES);
  }
}
