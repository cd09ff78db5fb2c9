import type { Action } from '../../../features/applications/application-status';
import type { Application } from '../../../features/applications/application.entity';
import { awaitsCompletionProof } from '../../../features/applications/voucher-lifecycle';
import type { DocumentRecord } from '../../../features/documents/document-records';
import type { DocumentRow, StepsModel } from '../views/application-step-pages';

export function documentRow(d: DocumentRecord): DocumentRow {
  return { id: d.id, fileName: d.fileName, kind: d.kind, scan: d.scan, uploadedAt: d.uploadedAt.toISOString() };
}

/**
 * What the application's page shows of the Awb steps. Which steps are offered comes from the
 * lifecycle's allowed actions (`allowed`); proof of completion is asked for in the states
 * `complete` starts from (`awaitsCompletionProof`).
 */
export function stepsOf(a: Application, allowed: readonly Action[], documents: DocumentRecord[]): StepsModel {
  return {
    information:
      a.status === 'information-requested' && a.informationRequest
        ? { question: a.informationRequest.reason, dueOn: a.informationRequest.dueOn }
        : null,
    canSupplement: allowed.includes('supplement'),
    canObject: allowed.includes('object'),
    objection: a.objection
      ? { lodgedAt: a.objection.lodgedAt, decisionDueOn: a.objection.decisionDueOn, outcome: a.objection.outcome }
      : null,
    canSendProof: awaitsCompletionProof(a.status),
    documents: documents.map(documentRow),
  };
}
