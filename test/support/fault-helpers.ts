import { Caller, TestApp } from './';
import { QueueName } from '../../src/platform/queue/job-catalogue';
import { Queues } from '../../src/platform/queue/queues.module';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deadline for Promise.race that does not keep the test process alive once the race is won. */
export const giveUpAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Polls `probe` until it answers something truthy; fails with `what` (and the last answer) after
 * `timeoutMs`, or at once when the probe throws an error marked `fatal`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null | undefined | false;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what} (last answer: ${JSON.stringify(last)}${lastError ? `, last error: ${(lastError as Error).message}` : ''})`,
      );
    }
    await sleep(everyMs);
  }
}

/** `promise`, or an error naming `what` when it has not settled after `timeoutMs`. */
export async function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` over `items` with at most `parallel` at once, keeping the order of the results. */
export async function inParallel<I, R>(
  items: readonly I[],
  parallel: number,
  work: (item: I, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

export interface QueueState {
  open: number;
  failed: number;
  completed: number;
}

/**
 * What the queues hold, as the test's producers see them (for workers in other processes,
 * where TestApp.drain, which only knows its own worker, does not apply): jobs still to run
 * (waiting, active, prioritized, delayed for a retry; scheduler entries aside), failed for
 * good, and completed.
 */
export async function queueState(queues: Queues, names: QueueName[]): Promise<Record<string, QueueState>> {
  const state: Record<string, QueueState> = {};
  for (const name of names) {
    const queue = queues.of(name);
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'prioritized',
      'waiting-children',
      'failed',
      'completed',
    );
    const delayed = (await queue.getDelayed()).filter((job) => !String(job.id).startsWith('repeat:')).length;
    state[name] = {
      open: counts.waiting + counts.active + counts.prioritized + counts['waiting-children'] + delayed,
      failed: counts.failed,
      completed: counts.completed,
    };
  }
  return state;
}

/** Waits until the outbox is relayed and `names` have nothing left to run; throws on a job failed for good. */
export async function settled(t: TestApp, names: QueueName[], timeoutMs = 60_000): Promise<Record<string, QueueState>> {
  const queues = t.app.get(Queues);
  return waitFor(
    `the outbox relayed and ${names.join(', ')} idle`,
    async () => {
      const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM outbox WHERE relayed_at IS NULL`);
      const state = await queueState(queues, names);
      for (const name of names) {
        if (state[name].failed > 0) {
          const [job] = await queues.of(name).getFailed(0, 0);
          throw Object.assign(new Error(`job ${job?.name} ${job?.id} failed for good: ${job?.failedReason}`), {
            fatal: true,
          });
        }
      }
      return pending === 0 && names.every((n) => state[n].open === 0) ? state : null;
    },
    timeoutMs,
    150,
  );
}

/** A staff member made known to the worker by calling the api once with a token carrying an e-mail claim. */
export async function knownStaff(
  t: TestApp,
  claims: {
    sub: string;
    role: 'officer' | 'provincial';
    programmes?: string[];
    province?: string;
    email: string;
    name: string;
  },
): Promise<Caller> {
  const caller = await t.as(claims);
  const reply = await caller.get('/api/v1/me/notifications');
  if (reply.status !== 200) throw new Error(`knownStaff ${claims.sub}: ${reply.status}`);
  return caller;
}

/** How often each key occurs, for "exactly once" comparisons. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Records every write of `applications.eligibility` in a table of the test's database (a
 * trigger there, not in the schema under test), so a test can count how often each
 * application's result was written: exactly once, whatever the workers went through. A write
 * rolled back with its transaction leaves no record.
 */
export async function recordEligibilityWrites(t: TestApp): Promise<void> {
  await t.db.query(`CREATE TABLE IF NOT EXISTS test_eligibility_writes (
    application_id uuid NOT NULL, status text, checked_at text, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  await t.db.query(`CREATE OR REPLACE FUNCTION test_record_eligibility_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_eligibility_writes (application_id, status, checked_at)
      VALUES (NEW.id, NEW.eligibility->>'status', NEW.eligibility->>'checkedAt');
      RETURN NEW;
    END $$`);
  await t.db.query(`DROP TRIGGER IF EXISTS test_eligibility_writes ON applications`);
  await t.db.query(`CREATE TRIGGER test_eligibility_writes AFTER UPDATE OF eligibility ON applications
    FOR EACH ROW EXECUTE FUNCTION test_record_eligibility_write()`);
}

/** How many times each of `ids` had its eligibility written (see recordEligibilityWrites). */
export async function eligibilityWrites(t: TestApp, ids: string[]): Promise<Map<string, number>> {
  const rows: { id: string; n: number }[] = await t.db.query(
    `SELECT id::text AS id, (SELECT count(*)::int FROM test_eligibility_writes w WHERE w.application_id = a.id) AS n
       FROM applications a WHERE a.id = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * Each application's eligibility was written exactly once (by the recording trigger), and its
 * history is exactly submit, review, grant: the eligibility write is no transition.
 */
export async function expectCheckedOnceAndGranted(t: TestApp, ids: string[]): Promise<void> {
  const writes = await eligibilityWrites(t, ids);
  const rows: { id: string; version: number; status: string; actions: string[] }[] = await t.db.query(
    `SELECT a.id, a.version, a.eligibility->>'status' AS status,
            (SELECT array_agg(h.action ORDER BY h.at, h.id) FROM application_history h WHERE h.application_id = a.id) AS actions
       FROM applications a WHERE a.id = ANY($1)`,
    [ids],
  );
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    // The version counts the transitions: submit (1), review (2), grant (3).
    expect({ writes: writes.get(row.id), version: row.version, actions: row.actions }).toEqual({
      writes: 1,
      version: 3,
      actions: ['submit', 'review', 'grant'],
    });
    expect(['passed', 'failed']).toContain(row.status);
  }
}
