import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { pgTransaction } from '../src/platform/database/pg-transaction';
import { toProblem } from '../src/platform/http/problem.filter';
import { createTestDatabase, databaseUrl, dropDatabase } from './support/test-database';

/**
 * The lifecycle's write transaction on a client of TypeORM's pg pool: the same answers and
 * errors as `DataSource.transaction`, nothing written when it fails, and the client back in the
 * pool (or dropped from it, when its connection broke) on every path.
 */
describe('pgTransaction', () => {
  const POOL_SIZE = 2;
  let name: string;
  let db: DataSource;
  let pool: Pool;

  const outboxRows = async (type: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM outbox WHERE type = $1`, [type]))[0].n);
  const expectAllClientsBack = () => {
    expect(pool.idleCount).toBe(pool.totalCount);
    expect(pool.waitingCount).toBe(0);
  };

  beforeAll(async () => {
    name = await createTestDatabase();
    db = new DataSource({
      type: 'postgres',
      url: databaseUrl(name),
      extra: { max: POOL_SIZE, connectionTimeoutMillis: 300 },
    });
    await db.initialize();
    pool = (db.driver as PostgresDriver).master as Pool;
  });

  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(name);
  });

  it('commits, and answers as TypeORM does: rows, or [rows, count] for an UPDATE', async () => {
    const answers = await pgTransaction(db, async (tx) => ({
      inserted: await tx.query(`INSERT INTO outbox (type, payload) VALUES ($1, '{}') RETURNING type`, ['t.commit']),
      updated: await tx.query(`UPDATE outbox SET payload = '{"a":1}' WHERE type = $1 RETURNING type`, ['t.commit']),
      selected: await tx.query(`SELECT type FROM outbox WHERE type = $1`, ['t.commit']),
    }));
    const typeorm = await db.transaction(async (tx) => ({
      inserted: await tx.query(`INSERT INTO outbox (type, payload) VALUES ($1, '{}') RETURNING type`, ['t.commit2']),
      updated: await tx.query(`UPDATE outbox SET payload = '{"a":1}' WHERE type = $1 RETURNING type`, ['t.commit2']),
      selected: await tx.query(`SELECT type FROM outbox WHERE type = $1`, ['t.commit2']),
    }));
    expect(answers).toEqual({
      inserted: [{ type: 't.commit' }],
      updated: [[{ type: 't.commit' }], 1],
      selected: [{ type: 't.commit' }],
    });
    expect(JSON.stringify(answers).replaceAll('t.commit', 'X')).toBe(
      JSON.stringify(typeorm).replaceAll('t.commit2', 'X'),
    );
    expect(await outboxRows('t.commit')).toBe(1);
    expectAllClientsBack();
  });

  it('writes nothing when a statement fails, throws a QueryFailedError and gives the client back', async () => {
    // More failures than the pool has clients: a leaked client would make the last ones time out.
    for (let i = 0; i < POOL_SIZE + 2; i++) {
      const failure = await pgTransaction(db, async (tx) => {
        await tx.query(`INSERT INTO outbox (type, payload) VALUES ($1, '{}')`, ['t.failed']);
        await tx.query(`SELECT 1 / 0`);
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect((failure as { driverError: { code: string } }).driverError.code).toBe('22012');
    }
    expect(await outboxRows('t.failed')).toBe(0);
    expectAllClientsBack();
  });

  it('rethrows what the work threw, rolled back, with the client back', async () => {
    const thrown = new Error('the work failed');
    for (let i = 0; i < POOL_SIZE + 2; i++) {
      await expect(
        pgTransaction(db, async (tx) => {
          await tx.query(`INSERT INTO outbox (type, payload) VALUES ($1, '{}')`, ['t.thrown']);
          throw thrown;
        }),
      ).rejects.toBe(thrown);
    }
    expect(await outboxRows('t.thrown')).toBe(0);
    expectAllClientsBack();
  });

  it('keeps the unique-violation details a caller maps (constraint, code)', async () => {
    const failure = await pgTransaction(db, async (tx) => {
      await tx.query(`CREATE TEMP TABLE once (k int CONSTRAINT once_unique UNIQUE) ON COMMIT DROP`);
      await tx.query(`INSERT INTO once VALUES (1)`);
      await tx.query(`INSERT INTO once VALUES (1)`);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as { driverError: object }).driverError).toMatchObject({
      code: '23505',
      constraint: 'once_unique',
    });
    expectAllClientsBack();
  });

  it('refuses a statement after the transaction is over (its client may be someone else’s by then)', async () => {
    let late: { query: (sql: string) => Promise<unknown> } | undefined;
    await pgTransaction(db, async (tx) => {
      late = tx;
    });
    await expect(late!.query(`SELECT 1`)).rejects.toThrow(/transaction is over/);
    expectAllClientsBack();
  });

  it('answers the pool timeout the problem filter turns into 503 when every client is taken', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: POOL_SIZE }, () => pgTransaction(db, () => held));
    const refused = await pgTransaction(db, async () => undefined).catch((error: unknown) => error);
    release();
    await Promise.all(holders);
    expect(toProblem(refused).status).toBe(503);
    expectAllClientsBack();
  });

  it('drops a client whose connection broke from the pool, and the next transaction works', async () => {
    const failure = await pgTransaction(db, async (tx) => {
      await tx.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    // Give the socket's close a moment to reach the pool.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectAllClientsBack();
    expect(await pgTransaction(db, (tx) => tx.query<{ one: number }[]>(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
    expectAllClientsBack();
  });
});
