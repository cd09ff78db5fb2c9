import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** The allocation feature's statements on `lottery_days` (only this folder names the table). */

export interface LotteryDay {
  day: string;
  seedSha256: string;
  seed: Buffer;
  publishedAt: Date;
  drawnAt: Date | null;
  orderReferences: string[] | null;
  firstRank: number | null;
}

interface LotteryDayRow {
  day: string;
  seed_sha256: string;
  seed: Buffer;
  published_at: Date;
  drawn_at: Date | null;
  order_references: string[] | null;
  first_rank: number | null;
}

const toDay = (r: LotteryDayRow): LotteryDay => ({
  day: r.day,
  seedSha256: r.seed_sha256,
  seed: r.seed,
  publishedAt: r.published_at,
  drawnAt: r.drawn_at,
  orderReferences: r.order_references,
  firstRank: r.first_rank,
});

const COLUMNS = `day::text AS day, seed_sha256, seed, published_at, drawn_at, order_references, first_rank`;

/** Publishes a day's seed (its hash is shown at once, the seed after the draw); a day published before keeps its seed. */
export async function publishDay(q: Queryable, programmeId: string, day: string, seed: Buffer, sha256: string) {
  await q.query(
    `INSERT INTO lottery_days (programme_id, day, seed_sha256, seed) VALUES ($1, $2, $3, $4)
     ON CONFLICT (programme_id, day) DO NOTHING`,
    [programmeId, day, sha256, seed],
  );
}

/** Every day of the programme, oldest first. */
export async function daysOf(q: Queryable, programmeId: string): Promise<LotteryDay[]> {
  const rows = await q.query<LotteryDayRow[]>(
    `SELECT ${COLUMNS} FROM lottery_days WHERE programme_id = $1 ORDER BY day`,
    [programmeId],
  );
  return rows.map(toDay);
}

/** The day, locked for its draw; null when it is not there or is drawn already. */
export async function lockUndrawnDay(tx: Queryable, programmeId: string, day: string): Promise<LotteryDay | null> {
  const [row] = await tx.query<LotteryDayRow[]>(
    `SELECT ${COLUMNS} FROM lottery_days WHERE programme_id = $1 AND day = $2 AND drawn_at IS NULL FOR UPDATE`,
    [programmeId, day],
  );
  return row ? toDay(row) : null;
}

/** Records the draw; from then on the trigger lottery_days_no_change refuses any change to the day. */
export async function recordDraw(
  tx: Queryable,
  programmeId: string,
  day: string,
  orderReferences: string[],
  firstRank: number,
): Promise<void> {
  await tx.query(
    `UPDATE lottery_days SET drawn_at = now(), order_references = $3, first_rank = $4
      WHERE programme_id = $1 AND day = $2 AND drawn_at IS NULL`,
    [programmeId, day, orderReferences, firstRank],
  );
}

/** Undrawn days before `today`, oldest first. */
export async function undrawnDaysBefore(q: Queryable, programmeId: string, today: string): Promise<string[]> {
  const rows = await q.query<{ day: string }[]>(
    `SELECT day::text AS day FROM lottery_days WHERE programme_id = $1 AND day < $2 AND drawn_at IS NULL ORDER BY day`,
    [programmeId, today],
  );
  return rows.map((r) => r.day);
}
