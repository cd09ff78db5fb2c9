import type { Role } from '../../platform/kernel/actor';
import { dutchDate } from '../../platform/kernel/dates';
import { applicationView } from '../applications/application-representation';
import type { PersonalDataExport } from './personal-data-export.service';

/** The file name of an export: the day it was made. */
export function personalDataFileName(data: Pick<PersonalDataExport, 'generatedAt'>): string {
  return `vakvoucher-my-data-${dutchDate(data.generatedAt)}.json`;
}

/**
 * The export as one JSON document, the same for the API (`GET /api/v1/me/data`) and the
 * applicant's pages ("download my data").
 */
export function personalDataDocument(data: PersonalDataExport, role: Role) {
  return {
    subject: { id: data.subjectId, role },
    generatedAt: data.generatedAt.toISOString(),
    retention: { years: data.retentionYears },
    applications: data.applications.map(({ application: a, history, documents, accessLog }) => {
      // What the caller may do now is on GET /applications/{id}; the export is a record.
      const { allowedActions: _actions, ...view } = applicationView(a, []);
      return {
        ...view,
        closedAt: a.closedAt?.toISOString() ?? null,
        personalDataRemovedAt: a.personalDataRemovedAt?.toISOString() ?? null,
        history: history.map((h) => ({
          at: h.at.toISOString(),
          action: h.action,
          from: h.fromStatus,
          to: h.toStatus,
          actor: { id: h.actorId, role: h.actorRole },
          reason: h.reason,
        })),
        documents: documents.map((d) => ({
          id: d.id,
          kind: d.kind,
          fileName: d.fileName,
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          sha256: d.sha256,
          scan: d.scan,
          uploadedAt: d.uploadedAt.toISOString(),
          contentRemovedAt: d.contentRemovedAt?.toISOString() ?? null,
        })),
        accessLog: accessLog.map((r) => ({
          at: r.at.toISOString(),
          actor: { id: r.actorId, role: r.actorRole },
          route: r.route,
        })),
      };
    }),
    messages: data.messages,
  };
}
