import type { EntityManager } from 'typeorm';
import type { DocumentFact } from '../applications/voucher-lifecycle';

type Queryable = Pick<EntityManager, 'query'>;

/** The statements on `documents`; only this feature names the table. */

export type ScanState = 'pending' | 'clean' | 'infected';

export interface DocumentRecord {
  id: string;
  applicationId: string;
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  scan: ScanState;
  scanSignature: string | null;
  scannedAt: Date | null;
  uploadedAt: Date;
  uploadedBy: { id: string; role: string };
  /** Set when retention deleted the bytes and blanked the file name. */
  contentRemovedAt: Date | null;
}

interface Row {
  id: string;
  application_id: string;
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  scan: ScanState;
  scan_signature: string | null;
  scanned_at: Date | null;
  uploaded_at: Date;
  uploaded_by_id: string;
  uploaded_by_role: string;
  content_removed_at: Date | null;
}

const COLUMNS = `id, application_id, kind, file_name, content_type, size_bytes, sha256, scan, scan_signature,
  scanned_at, uploaded_at, uploaded_by_id, uploaded_by_role, content_removed_at`;

function record(row: Row): DocumentRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    scan: row.scan,
    scanSignature: row.scan_signature,
    scannedAt: row.scanned_at,
    uploadedAt: row.uploaded_at,
    uploadedBy: { id: row.uploaded_by_id, role: row.uploaded_by_role },
    contentRemovedAt: row.content_removed_at,
  };
}

export async function insertDocument(
  tx: Queryable,
  d: Omit<DocumentRecord, 'uploadedAt' | 'scanSignature' | 'scannedAt' | 'contentRemovedAt'>,
): Promise<DocumentRecord> {
  const [row] = await tx.query<Row[]>(
    `INSERT INTO documents (id, application_id, kind, file_name, content_type, size_bytes, sha256, scan,
       scanned_at, uploaded_by_id, uploaded_by_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 = 'pending' THEN NULL ELSE now() END, $9, $10)
     RETURNING ${COLUMNS}`,
    [
      d.id,
      d.applicationId,
      d.kind,
      d.fileName,
      d.contentType,
      d.sizeBytes,
      d.sha256,
      d.scan,
      d.uploadedBy.id,
      d.uploadedBy.role,
    ],
  );
  return record(row);
}

/** The documents of an application, oldest first. */
export async function documentsOf(db: Queryable, applicationId: string): Promise<DocumentRecord[]> {
  const rows = await db.query<Row[]>(
    `SELECT ${COLUMNS} FROM documents WHERE application_id = $1 ORDER BY uploaded_at, id`,
    [applicationId],
  );
  return rows.map(record);
}

export async function documentById(db: Queryable, id: string): Promise<DocumentRecord | null> {
  const rows = await db.query<Row[]>(`SELECT ${COLUMNS} FROM documents WHERE id = $1`, [id]);
  return rows[0] ? record(rows[0]) : null;
}

/**
 * Records a scan's verdict, only over a pending scan: of two workers that scanned the same
 * document, one writes. Answers whether this call wrote it.
 */
export async function recordScan(
  tx: Queryable,
  id: string,
  scan: Exclude<ScanState, 'pending'>,
  signature: string | null,
): Promise<boolean> {
  const [rows] = await tx.query<[{ id: string }[], number]>(
    `UPDATE documents SET scan = $2, scan_signature = $3, scanned_at = now()
     WHERE id = $1 AND scan = 'pending' RETURNING id`,
    [id, scan, signature],
  );
  return rows.length > 0;
}

/** The documents of these applications as guards see them, by application id. */
export async function documentFacts(db: Queryable, applicationIds: string[]): Promise<Map<string, DocumentFact[]>> {
  const rows = await db.query<{ application_id: string; kind: string; scan: ScanState; uploaded_at: Date }[]>(
    `SELECT application_id, kind, scan, uploaded_at FROM documents WHERE application_id = ANY($1::uuid[])`,
    [applicationIds],
  );
  const facts = new Map<string, DocumentFact[]>();
  for (const r of rows) {
    facts.set(r.application_id, [
      ...(facts.get(r.application_id) ?? []),
      { kind: r.kind, scan: r.scan, uploadedAt: r.uploaded_at },
    ]);
  }
  return facts;
}

/** Where a document's bytes are kept: apart, in quarantine, once a scan found it infected. */
export function storageKey(document: Pick<DocumentRecord, 'id' | 'applicationId'>, scan: ScanState): string {
  return `${scan === 'infected' ? 'quarantine' : 'documents'}/${document.applicationId}/${document.id}`;
}

/**
 * Marks the documents of `applicationIds` whose content is still held as removed and blanks
 * their file names; returns them (as they were) so their bytes can be deleted from the store.
 */
export async function markContentRemoved(
  tx: Queryable,
  applicationIds: string[],
  now: Date,
): Promise<Pick<DocumentRecord, 'id' | 'applicationId' | 'scan'>[]> {
  if (applicationIds.length === 0) return [];
  const [rows] = await tx.query<[{ id: string; application_id: string; scan: ScanState }[], number]>(
    `UPDATE documents SET content_removed_at = $2, file_name = 'document'
     WHERE application_id = ANY($1::uuid[]) AND content_removed_at IS NULL
     RETURNING id, application_id, scan`,
    [applicationIds, now],
  );
  return rows.map((r) => ({ id: r.id, applicationId: r.application_id, scan: r.scan }));
}
