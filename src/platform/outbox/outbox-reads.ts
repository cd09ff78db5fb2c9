import type { EntityManager } from 'typeorm';
import { isUuid } from '../kernel/uuid';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * When the outbox recorded an event (its row's created_at), which is when the change it
 * describes committed; null for an id that is not an outbox row (a job added by hand or a
 * test) or a row the relay has cleaned up since.
 */
export async function outboxRecordedAt(db: Queryable, eventId: string): Promise<Date | null> {
  if (!isUuid(eventId)) return null;
  const [row]: { created_at: Date }[] = await db.query(`SELECT created_at FROM outbox WHERE id = $1`, [eventId]);
  return row?.created_at ?? null;
}
