import type { EntityManager } from 'typeorm';
import type { ObjectStore } from '../../platform/storage/object-store';
import { markContentRemoved, storageKey } from './document-records';

/**
 * Retention (docs/privacy.md): inside the caller's transaction, marks the documents of
 * `applicationIds` as removed and deletes their bytes from the store. A delete is idempotent,
 * so a run that crashes before committing is simply done again by the next one.
 */
export async function removeDocumentContent(
  tx: Pick<EntityManager, 'query'>,
  store: ObjectStore,
  applicationIds: string[],
  now: Date,
): Promise<number> {
  const documents = await markContentRemoved(tx, applicationIds, now);
  for (const document of documents) await store.delete(storageKey(document, document.scan));
  return documents.length;
}
