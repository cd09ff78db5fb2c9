import type { DocumentRecord } from '../../../features/documents/document-records';

/** A document as docs/api.md shows it. */
export function documentView(d: DocumentRecord) {
  return {
    id: d.id,
    kind: d.kind,
    fileName: d.fileName,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    scan: d.scan,
    uploadedAt: d.uploadedAt.toISOString(),
    uploadedBy: d.uploadedBy,
  };
}
