import type { Pool, PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * What the statements of this code base run on: a DataSource, an EntityManager or a
 * `pgTransaction`. All answer as TypeORM's `query` does: the rows, or `[rows, rowCount]` for an
 * UPDATE or DELETE; a failed statement throws a `QueryFailedError` over the driver's error.
 */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same contract as EntityManager.query
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}

async function run<T>(client: PoolClient, sql: string, parameters?: unknown[]): Promise<T> {
  let raw;
  try {
    raw = await client.query(sql, parameters);
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error);
  }
  return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
}

/**
 * `db.transaction(fn)` on a client of TypeORM's own pg pool, without TypeORM's query runner
 * (its per-statement bookkeeping costs more CPU than the statement on the hot write path).
 * Same pool, so the same size and wait (a full pool still rejects with pg-pool's "timeout
 * exceeded when trying to connect"); same answers and errors as TypeORM's `query`. The client
 * goes back to the pool on every path, and is dropped from it when its connection broke.
 */
export async function pgTransaction<T>(db: DataSource, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await ((db.driver as PostgresDriver).master as Pool).connect();
  // A checked-out client that loses its connection emits 'error': unheard, that ends the process.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  let open = true;
  const tx: Queryable = {
    query: (sql, parameters) =>
      open
        ? run(client, sql, parameters)
        : Promise.reject(new Error('The transaction is over; its client is back in the pool')),
  };
  try {
    await run(client, 'START TRANSACTION');
    const result = await fn(tx);
    await run(client, 'COMMIT');
    return result;
  } catch (error) {
    // The caller gets the original error; a rollback that fails too means the connection is unusable.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken ??= rollbackError));
    throw error;
  } finally {
    open = false;
    client.removeListener('error', onError);
    client.release(broken);
  }
}
