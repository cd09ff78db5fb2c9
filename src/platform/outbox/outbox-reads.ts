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

/**
 * How long the oldest unrelayed event has waited, in seconds (0 when none waits): the first
 * entry of the partial index outbox_pending_idx, whatever the table's size.
 */
export async function outboxLagSeconds(db: Queryable): Promise<number> {
  const [row]: { lag: number | null }[] = await db.query(
    `SELECT extract(epoch FROM now() - min(created_at))::float8 AS lag FROM outbox WHERE relayed_at IS NULL`,
  );
  return Math.max(row?.lag ?? 0, 0);
}
