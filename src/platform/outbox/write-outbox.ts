import { EntityManager } from 'typeorm';
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
  const params: unknown[] = [];
  const rows = events.map((event) => {
    params.push(event.type, JSON.stringify(event.payload));
    return `($${params.length - 1}, $${params.length}::jsonb)`;
  });
  await manager.query(`INSERT INTO outbox (type, payload) VALUES ${rows.join(', ')}`, params);
}
