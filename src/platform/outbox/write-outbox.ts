import { EntityManager } from 'typeorm';
import type { SqlPart } from '../database/sql-part';
import { OutboxEvent } from './outbox-events';

/**
 * Records events in the outbox inside the caller's transaction, so they exist exactly when
 * the business change they describe does. One statement for any number of events.
 */
export async function writeOutbox(
  manager: Pick<EntityManager, 'query'>,
  events: readonly OutboxEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const insert = outboxInsert(events);
  await manager.query(insert.sql(1), insert.params);
}

/**
 * The outbox INSERT of these events (at least one) as a part of the caller's statement. With
 * `after`, each payload also gets `filled(after)` (a jsonb expression over that relation's
 * columns: what the caller's statement wrote, such as a new row's id).
 */
export function outboxInsert(events: readonly OutboxEvent[], filled?: (after: string) => string): SqlPart {
  const params = events.flatMap((event) => [event.type, JSON.stringify(event.payload)]);
  return {
    sql: (p, after) => {
      const rows = events.map((_, i) => `($${p + 2 * i}, $${p + 2 * i + 1}::jsonb)`);
      const payload = after !== undefined && filled !== undefined ? `e.payload || ${filled(after)}` : 'e.payload';
      return (
        `INSERT INTO outbox (type, payload) SELECT e.type, ${payload} FROM (VALUES ${rows.join(', ')}) AS e(type, payload)` +
        (after === undefined ? '' : ` CROSS JOIN ${after}`)
      );
    },
    params,
  };
}
