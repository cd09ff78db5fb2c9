import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { AccessLog } from '../access/access-log.service';
import type { Application } from '../applications/application.entity';
import { ApplicationReads } from '../applications/application-reads.service';
import type { HistoryEntry } from '../applications/history-entry.entity';
import { DocumentRecord, documentsOf } from '../documents/document-records';
import { NotificationsService, StoredMessage } from '../notifications/notifications.service';

export interface ExportedApplication {
  application: Application;
  history: HistoryEntry[];
  /** Its documents' metadata (the bytes are downloaded one by one). */
  documents: DocumentRecord[];
  /** Who of the staff read its personal data, when, and through which route. */
  accessLog: { at: Date; actorId: string; actorRole: string; route: string }[];
}

export interface PersonalDataExport {
  subjectId: string;
  generatedAt: Date;
  retentionYears: number;
  applications: ExportedApplication[];
  messages: StoredMessage[];
}

/**
 * GDPR art. 15: everything held about the caller: their applications with their history and
 * the log of who of the staff read them, and every message sent to them. For applicants (staff
 * ask the administrator). Their own read is not logged.
 */
@Injectable()
export class PersonalDataExportService {
  constructor(
    private readonly applications: ApplicationReads,
    private readonly notifications: NotificationsService,
    private readonly accessLog: AccessLog,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async export(actor: Actor): Promise<PersonalDataExport> {
    if (actor.role !== 'applicant') throw new DomainError('forbidden', 'The data export is for applicants');
    const [owned, messages] = await Promise.all([
      this.applications.ownedBy(actor.id),
      this.notifications.allTo(actor.id),
    ]);
    const [reads, documents] = await Promise.all([
      this.accessLog.ofApplications(owned.map((o) => o.application.id)),
      Promise.all(owned.map((o) => documentsOf(this.db, o.application.id))),
    ]);
    return {
      subjectId: actor.id,
      generatedAt: new Date(),
      retentionYears: this.config.RETENTION_YEARS,
      applications: owned.map(({ application, history }, i) => ({
        application,
        history,
        documents: documents[i],
        accessLog: reads
          .filter((r) => r.applicationId === application.id)
          .map(({ at, actorId, actorRole, route }) => ({ at, actorId, actorRole, route })),
      })),
      messages,
    };
  }
}
