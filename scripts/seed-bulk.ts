/**
 * npm run seed -- --applications N [--programme code] [--province OV]
 *
 * Fills one programme with N applications spread over every state, with bulk SQL
 * (INSERT … SELECT FROM generate_series, in chunks of 50,000, one transaction), for measuring
 * reports and lists at scale. What it writes is what the lifecycle would have written:
 *
 * - applications in all seven states: submitted, reviewed, rejected, withdrawn before and
 *   after the grant, granted, completed and expired (11 in 20 hold a voucher);
 * - the full history of each: one row per step (submit, review, grant, …), so history and
 *   status agree (docs/architecture.md invariant 1);
 * - ranks in the order of submission, taken from the programme's own sequence as first-come
 *   submissions take them (so submissions after the load rank after it);
 * - voucher ordinals 1..k in the order of grant, voucher codes, amounts and expiry dates;
 * - the programme's granted count, committed and spent money, and its milestones;
 * - the report cells in one GROUP BY at the end, and their rollups per breakdown.
 *
 * No outbox rows: a bulk load must not send a million mails or jobs.
 * Timeline: submissions spread over the 700 days up to 20 days ago; review after 5 days,
 * grant after 14, completion after 120 (or today), so the last 30 days hold grants and the
 * milestone forecast has a rate to work with.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client, ClientBase } from 'pg';
import { exitWith, loadConfigOrExit } from '../src/platform/config/boot';
import { migrate } from '../src/platform/database/migrate';
import { nextSubmissionNumberSql } from '../src/features/programmes/programmes.service';

export interface BulkSeedOptions {
  applications: number;
  /** Programme code; created when missing. Default bulk-<N>. */
  programme?: string;
  /** Province of a programme this seeder creates. */
  province?: string;
  /** Rows per INSERT; default 50,000. */
  chunk?: number;
  /** "now" of the timeline; default the current time. */
  now?: Date;
  /** Progress and phase lines; default the stderr progress bar. */
  progress?: (done: number, total: number, phase: string) => void;
}

export interface BulkSeedResult {
  programmeId: string;
  programmeCode: string;
  applications: number;
  vouchers: number;
  historyRows: number;
  seconds: number;
}

/** The pattern of 20 that repeats: S submitted, V reviewed, R rejected, W withdrawn before the
 * grant; voucher holders G (granted, completed once expired by date), C completed, X (granted,
 * expired once expired by date), Y withdrawn after the grant. */
const PATTERN = ['G', 'C', 'S', 'G', 'R', 'C', 'V', 'G', 'W', 'C', 'S', 'X', 'G', 'R', 'C', 'Y', 'V', 'G', 'R', 'S'];
const HOLDS = new Set(['G', 'C', 'X', 'Y']);
const VOUCHERS_PER_PATTERN = PATTERN.filter((p) => HOLDS.has(p)).length; // 11
/** For each slot of the pattern, its voucher rank within the pattern (1-based), or 0. */
const RANKS = PATTERN.reduce<number[]>((ranks, p, i) => {
  const before = ranks.length ? Math.max(...ranks.slice(0, i)) : 0;
  ranks.push(HOLDS.has(p) ? before + 1 : 0);
  return ranks;
}, []);

const ROUND_THRESHOLDS = [
  100, 250, 500, 750, 1_000, 2_500, 5_000, 7_500, 10_000, 25_000, 50_000, 75_000, 100_000, 250_000, 500_000, 750_000,
  1_000_000, 2_500_000, 5_000_000, 10_000_000,
];

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALIDITY_DAYS = 365;

/** 12 Crockford symbols from the bytes of `h` (bytea): a voucher code like VV-7F3K-Q9XZ-M2PD. */
function voucherCodeSql(h: string): string {
  const symbol = (k: number) => `substr('${ALPHABET}', (get_byte(${h}, ${k}) & 31) + 1, 1)`;
  const group = (from: number) => [0, 1, 2, 3].map((k) => symbol(from + k)).join(' || ');
  return `'VV-' || ${group(0)} || '-' || ${group(4)} || '-' || ${group(8)}`;
}

/** A number 0..99 from row `j` and a salt: the same every run. */
const pick = (salt: number) => `((hashint8(j * 16 + ${salt}) & 2147483647) % 100)`;

/**
 * One chunk: applications j = $1 .. $2 (0-based) and their history, in one statement.
 * $3 programme id, $4 code, $5 reference prefix, $6 first reference number, $7 N, $8 now,
 * $9 first rank.
 */
const CHUNK_SQL = `
WITH base AS (
  SELECT j,
         (ARRAY[${PATTERN.map((p) => `'${p}'`).join(',')}])[j % 20 + 1] AS slot,
         (ARRAY[${RANKS.join(',')}])[j % 20 + 1] AS rank,
         $8::timestamptz - interval '720 days' + (j::float8 / $7::float8) * interval '700 days' AS submitted_at,
         ${pick(1)} AS r_gender, ${pick(2)} AS r_group, ${pick(3)} AS r_kind, ${pick(4)} AS r_amount,
         ${pick(5)} AS r_cost, ${pick(6)} AS r_provider
  FROM generate_series($1::bigint, $2::bigint) AS j
),
src AS (
  SELECT b.*,
         CASE WHEN b.rank > 0 THEN (b.j / 20) * ${VOUCHERS_PER_PATTERN} + b.rank END AS ordinal,
         CASE WHEN b.rank > 0 THEN b.submitted_at + interval '14 days' END AS granted_at,
         CASE WHEN b.rank > 0
              THEN ((b.submitted_at + interval '14 days') AT TIME ZONE 'Europe/Amsterdam')::date + ${VALIDITY_DAYS} END AS expires_on,
         CASE WHEN b.r_gender < 30 THEN 'female' WHEN b.r_gender < 88 THEN 'male'
              WHEN b.r_gender < 91 THEN 'non-binary' ELSE 'undisclosed' END AS gender,
         CASE WHEN b.r_group < 25 THEN 'jobseeker' WHEN b.r_group < 60 THEN 'employee'
              WHEN b.r_group < 80 THEN 'career-switcher' WHEN b.r_group < 92 THEN 'self-employed' ELSE 'teacher' END AS target_group,
         CASE WHEN b.r_kind < 45 THEN 'upskilling' WHEN b.r_kind < 75 THEN 'reskilling' ELSE 'retraining' END AS kind,
         100000 + (b.r_amount % 21) * 10000 AS amount
  FROM base b
),
shaped AS (
  SELECT s.*,
         CASE s.slot
           WHEN 'S' THEN 'submitted' WHEN 'V' THEN 'reviewed' WHEN 'R' THEN 'rejected' WHEN 'W' THEN 'withdrawn'
           WHEN 'C' THEN 'completed' WHEN 'Y' THEN 'withdrawn'
           WHEN 'G' THEN CASE WHEN s.expires_on < ($8::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date THEN 'completed' ELSE 'granted' END
           WHEN 'X' THEN CASE WHEN s.expires_on < ($8::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date THEN 'expired' ELSE 'granted' END
         END AS status,
         decode(md5($3::text || ':' || s.j::text), 'hex') AS h
  FROM src s
),
timed AS (
  SELECT sh.*,
         CASE
           WHEN slot = 'S' THEN submitted_at
           WHEN slot = 'W' THEN submitted_at + interval '2 days'
           WHEN slot = 'V' THEN submitted_at + interval '5 days'
           WHEN slot = 'R' THEN submitted_at + interval '7 days'
           WHEN status = 'granted' THEN granted_at
           WHEN status = 'completed' THEN least(granted_at + interval '120 days', $8::timestamptz)
           WHEN status = 'expired'
             THEN least((expires_on + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' + interval '2 hours', $8::timestamptz)
           ELSE least(granted_at + interval '30 days', $8::timestamptz)
         END AS changed_at
  FROM shaped sh
),
ins AS (
  INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, version, applicant, employer,
    training, motivation, requested_amount_cents, granted_amount_cents, voucher_code, voucher_ordinal,
    voucher_expires_on, eligibility, decision, reviewed_by, submitted_at, updated_at, granted_at, closed_at, rank)
  SELECT
    $5 || lpad(($6::bigint + j)::text, greatest(6, length(($6::bigint + j)::text)), '0'),
    $3::uuid, $4, $4 || '-applicant-' || j, status,
    CASE slot WHEN 'S' THEN 1 WHEN 'W' THEN 2 WHEN 'V' THEN 2 WHEN 'R' THEN 3
      ELSE CASE status WHEN 'granted' THEN 3 ELSE 4 END END,
    jsonb_build_object('name', 'Deelnemer ' || j, 'email', 'deelnemer' || j || '@example.nl', 'postcode', '7511 AB',
      'dateOfBirth', (date '1960-01-01' + (j % 15000)::int)::text, 'gender', gender, 'targetGroup', target_group,
      'locale', 'nl', 'publicityConsent', false),
    CASE WHEN target_group = 'employee'
      THEN jsonb_build_object('name', 'Technisch Bedrijf ' || (j % 5000), 'kvkNumber', (10000000 + j % 5000)::text,
        'postcode', '7521 AA') END,
    jsonb_build_object('provider',
      (ARRAY['De Techniek Academie','ROC van Twente','Rijn IJssel','Windesheim','Bouwmensen Gelderland','OOM Opleidingen'])[r_provider % 6 + 1],
      'title', (ARRAY['PLC-programmeren','Monteur werktuigbouw BBL','Lasser MIG/MAG','Servicemonteur','Warmtepompen installeren','CNC-verspaner'])[r_provider % 6 + 1],
      'kind', kind, 'startsOn', ((submitted_at + interval '30 days') AT TIME ZONE 'Europe/Amsterdam')::date::text,
      'endsOn', ((submitted_at + interval '210 days') AT TIME ZONE 'Europe/Amsterdam')::date::text,
      'costCents', amount + (r_cost % 5) * 20000),
    NULL, amount,
    CASE WHEN ordinal IS NOT NULL THEN amount END,
    CASE WHEN ordinal IS NOT NULL THEN ${voucherCodeSql('h')} END,
    ordinal, expires_on,
    jsonb_build_object('status', 'passed', 'checkedAt', to_jsonb(submitted_at + interval '1 minute'), 'checks', '[]'::jsonb),
    CASE WHEN slot = 'R' THEN jsonb_build_object('action', 'reject',
      'reason', 'De opleiding valt buiten de technische sectoren van de regeling.',
      'objectionDeadline', ((submitted_at + interval '7 days') AT TIME ZONE 'Europe/Amsterdam')::date + 42) END,
    CASE WHEN slot IN ('S', 'W') THEN NULL ELSE 'officer-bulk-1' END,
    submitted_at,
    changed_at,
    granted_at,
    -- closed (docs/privacy.md): at the last change; a rejection at the end of its objection deadline
    CASE WHEN status IN ('completed', 'withdrawn', 'expired') THEN changed_at
         WHEN status = 'rejected' THEN greatest(changed_at,
           (((submitted_at + interval '7 days') AT TIME ZONE 'Europe/Amsterdam')::date + 43)::timestamp
             AT TIME ZONE 'Europe/Amsterdam') END,
    $9::int + j
  FROM timed
  RETURNING id, owner_id, status, submitted_at, granted_at, updated_at, reviewed_by
)
INSERT INTO application_history (application_id, at, action, from_status, to_status, actor_id, actor_role, reason)
SELECT ins.id, step.at, step.action, step.from_status, step.to_status, step.actor_id, step.actor_role, step.reason
FROM ins CROSS JOIN LATERAL (VALUES
  (1, true, 'submit', NULL, 'submitted', ins.submitted_at, ins.owner_id, 'applicant', NULL),
  (2, ins.status = 'withdrawn' AND ins.reviewed_by IS NULL, 'withdraw', 'submitted', 'withdrawn',
      ins.updated_at, ins.owner_id, 'applicant', 'Ik heb een andere baan gevonden.'),
  (2, ins.reviewed_by IS NOT NULL, 'review', 'submitted', 'reviewed',
      ins.submitted_at + interval '5 days', 'officer-bulk-1', 'officer', NULL),
  (3, ins.status = 'rejected', 'reject', 'reviewed', 'rejected', ins.updated_at, 'officer-bulk-1', 'officer',
      'De opleiding valt buiten de technische sectoren van de regeling.'),
  (3, ins.granted_at IS NOT NULL, 'grant', 'reviewed', 'granted', ins.granted_at, 'officer-bulk-2', 'officer', NULL),
  (4, ins.status = 'completed', 'complete', 'granted', 'completed', ins.updated_at, 'officer-bulk-2', 'officer',
      'Diploma ontvangen en gecontroleerd.'),
  (4, ins.status = 'expired', 'expire', 'granted', 'expired', ins.updated_at, 'system', 'system', NULL),
  (4, ins.status = 'withdrawn' AND ins.granted_at IS NOT NULL, 'withdraw', 'granted', 'withdrawn',
      ins.updated_at, ins.owner_id, 'applicant', 'Ik heb een andere baan gevonden.')
) AS step(n, happened, action, from_status, to_status, at, actor_id, actor_role, reason)
WHERE step.happened
ORDER BY ins.submitted_at, step.n`;

function progressBar(): (done: number, total: number, phase: string) => void {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let phase = '';
  let phaseStarted = started;
  return (done, total, name) => {
    if (name !== phase) {
      if (tty && phase) process.stderr.write('\n');
      phase = name;
      phaseStarted = Date.now();
    }
    const fraction = total > 0 ? done / total : 1;
    const inPhase = (Date.now() - phaseStarted) / 1000;
    const bar = '#'.repeat(Math.round(fraction * 30)).padEnd(30, '.');
    const eta =
      fraction > 0 && fraction < 1 ? `, about ${Math.round((inPhase / fraction) * (1 - fraction))} s left` : '';
    const line =
      `${name.padEnd(13)} [${bar}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ` +
      `${Math.round(fraction * 100)}%, ${((Date.now() - started) / 1000).toFixed(1)} s${eta}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${done >= total ? '\n' : ''}` : `${line}\n`);
    if (tty && done >= total) phase = '';
  };
}

/** Fills one programme with `applications` applications; see the top of this file. */
export async function seedBulk(client: ClientBase, options: BulkSeedOptions): Promise<BulkSeedResult> {
  const n = options.applications;
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new Error('--applications must be a whole number from 1 to 10,000,000');
  const code = options.programme ?? `bulk-${n}`;
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(code))
    throw new Error('--programme must be 2–40 lower-case letters, digits or dashes');
  const province = (options.province ?? 'OV').toUpperCase();
  if (!/^[A-Z]{2}$/.test(province)) throw new Error('--province must be two letters, e.g. OV');
  const chunk = options.chunk ?? 50_000;
  const now = options.now ?? new Date();
  const progress = options.progress ?? progressBar();
  const started = Date.now();

  await client.query('BEGIN');
  try {
    const programme = await programmeFor(client, code, province, n, now);
    // A block of reference numbers of our own; other submissions carry on after it.
    const [{ first }] = (await client.query<{ first: string }>(`SELECT nextval('application_reference_seq') AS first`))
      .rows;
    await client.query(`SELECT setval('application_reference_seq', $1::bigint + $2 - 1)`, [first, n]);
    // A block of ranks: n numbers of the programme's submission sequence, as n submissions take them.
    const [ranks] = (
      await client.query<{ first: number; last: number }>(
        `SELECT min(n)::int AS first, max(n)::int AS last
         FROM (SELECT ${nextSubmissionNumberSql('$1::uuid')} AS n FROM generate_series(1, $2)) taken`,
        [programme.id, n],
      )
    ).rows;
    if (ranks.last - ranks.first !== n - 1) throw new Error(`Programme ${code} took submissions during the load`);
    const prefix = `${programme.province}-${programme.year}-`;
    let history = 0;
    progress(0, n, 'applications');
    for (let lo = 0; lo < n; lo += chunk) {
      const hi = Math.min(n, lo + chunk) - 1;
      const result = await client.query(CHUNK_SQL, [lo, hi, programme.id, code, prefix, first, n, now, ranks.first]);
      history += result.rowCount ?? 0;
      progress(hi + 1, n, 'applications');
    }

    progress(0, 3, 'counters');
    const [counters] = (
      await client.query<{ vouchers: number }>(
        `UPDATE programmes p SET granted_count = s.vouchers, committed_cents = s.committed, spent_cents = s.spent,
                updated_at = $2
         FROM (SELECT count(voucher_ordinal)::int AS vouchers,
                      coalesce(sum(granted_amount_cents) FILTER (WHERE status = 'granted'), 0) AS committed,
                      coalesce(sum(granted_amount_cents) FILTER (WHERE status = 'completed'), 0) AS spent
               FROM applications WHERE programme_id = $1) s
         WHERE p.id = $1
         RETURNING p.granted_count AS vouchers`,
        [programme.id, now],
      )
    ).rows;
    progress(1, 3, 'counters');
    await client.query(
      `INSERT INTO milestones (programme_id, threshold, ordinal, application_id, reached_at)
       SELECT a.programme_id, a.voucher_ordinal, a.voucher_ordinal, a.id, a.granted_at
       FROM programmes p JOIN applications a ON a.programme_id = p.id AND a.voucher_ordinal = ANY(p.milestones)
       WHERE p.id = $1`,
      [programme.id],
    );
    progress(2, 3, 'counters');
    // The report cells in one GROUP BY (the same cells the lifecycle's deltas would add up to).
    await client.query(
      `INSERT INTO report_cells AS c (programme_id, status, target_group, gender, training_kind, grant_month, count)
       SELECT programme_id, status, applicant->>'targetGroup', applicant->>'gender', training->>'kind',
              CASE WHEN voucher_ordinal IS NOT NULL THEN report_month(granted_at) END, count(*)
       FROM applications WHERE programme_id = $1
       GROUP BY 1, 2, 3, 4, 5, 6
       ON CONFLICT ON CONSTRAINT report_cells_key DO UPDATE SET count = c.count + EXCLUDED.count`,
      [programme.id],
    );
    await client.query(
      `INSERT INTO report_rollups AS r (programme_id, dimension, value, voucher, count)
       SELECT c.programme_id, k.dimension, k.value, k.voucher, sum(c.count)
       FROM report_cells c
       CROSS JOIN LATERAL report_rollup_keys(c.status, c.target_group, c.gender, c.training_kind, c.grant_month) k
       WHERE c.programme_id = $1
       GROUP BY 1, 2, 3, 4
       ON CONFLICT (programme_id, dimension, value, voucher) DO UPDATE SET count = r.count + EXCLUDED.count`,
      [programme.id],
    );
    progress(3, 3, 'counters');
    await client.query('COMMIT');
    // After a bulk load: statistics for the planner, and the visibility map, without which an
    // index-only scan (the grant rate's step into applications_granted_idx) looks as dear as
    // reading the table and the planner's choice between them turns on chance.
    await client.query('VACUUM (ANALYZE) applications');
    return {
      programmeId: programme.id,
      programmeCode: code,
      applications: n,
      vouchers: counters.vouchers,
      historyRows: history,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The programme to fill: made here when missing; an existing one must have no applications yet. */
async function programmeFor(client: ClientBase, code: string, province: string, n: number, now: Date) {
  const existing = (
    await client.query<{
      id: string;
      province: string;
      year: string;
      budget: string;
      max: number;
      min: number;
      used: boolean;
    }>(
      `SELECT id, province, to_char(opens_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY') AS year, budget_cents::bigint AS budget,
              max_amount_cents AS max, min_amount_cents AS min,
              EXISTS (SELECT 1 FROM applications a WHERE a.programme_id = programmes.id) AS used
       FROM programmes WHERE code = $1 FOR UPDATE`,
      [code],
    )
  ).rows[0];
  if (existing) {
    if (existing.used) throw new Error(`Programme ${code} has applications already; choose another --programme`);
    if (Number(existing.budget) < n * 300_000 || existing.max < 300_000 || existing.min > 100_000) {
      throw new Error(
        `Programme ${code} needs amounts 1,000–3,000 euro and a budget of ${n * 3000} euro for ${n} applications`,
      );
    }
    await client.query(`UPDATE programmes SET milestones = $2, voucher_validity_days = $3 WHERE id = $1`, [
      existing.id,
      ROUND_THRESHOLDS.filter((t) => t <= n),
      VALIDITY_DAYS,
    ]);
    return { id: existing.id, province: existing.province, year: existing.year };
  }
  const opensAt = new Date(now.getTime() - 760 * 86_400_000);
  const created = (
    await client.query<{ id: string; province: string; year: string }>(
      `INSERT INTO programmes (code, name, province, funders, budget_cents, min_amount_cents, max_amount_cents,
         max_co_funding_percent, opens_at, closes_at, region, target_groups, training_kinds, milestones, targets,
         four_eyes, voucher_validity_days, provider_cap)
       VALUES ($1, $2, $3, $4, $5, 100000, 300000, 100, $6, $7, $8, $9, $10, $11, $12, true, $13, NULL)
       RETURNING id, province, to_char(opens_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY') AS year`,
      [
        code,
        `Bulk programme (${n.toLocaleString('en')} applications)`,
        province,
        ['Provincie (bulk seed)'],
        n * 300_000,
        opensAt,
        new Date(now.getTime() + 365 * 86_400_000),
        { postcodeRanges: [['1000', '9999']] },
        ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'],
        ['upskilling', 'reskilling', 'retraining'],
        ROUND_THRESHOLDS.filter((t) => t <= n),
        { vouchers: Math.round(n * 0.6) },
        VALIDITY_DAYS,
      ],
    )
  ).rows[0];
  return { id: created.id, province: created.province, year: created.year };
}

export function parseBulkArgs(argv: string[]): BulkSeedOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      applications: { type: 'string' },
      programme: { type: 'string' },
      province: { type: 'string' },
      chunk: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number`);
    return parsed;
  };
  const applications = number('applications', values.applications);
  if (applications === undefined)
    throw new Error('usage: seed-bulk --applications N [--programme code] [--province OV]');
  return { applications, programme: values.programme, province: values.province, chunk: number('chunk', values.chunk) };
}

/** The command line: migrates when needed, then seeds; one line per problem on failure. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let options: BulkSeedOptions;
  try {
    options = parseBulkArgs(argv);
  } catch (error) {
    exitWith([(error as Error).message]);
  }
  const config = loadConfigOrExit({ AUTH_JWT_SECRET: 'not-used-by-the-seed', ...process.env });
  await migrate(config, (line) => process.stderr.write(`${line}\n`));
  const client = new Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    // Statement timeouts of a production role would stop a bulk load halfway.
    await client.query(`SET statement_timeout = 0`);
    const result = await seedBulk(client, options);
    process.stdout.write(
      `Seeded programme ${result.programmeCode}: ${result.applications.toLocaleString('en')} applications, ` +
        `${result.vouchers.toLocaleString('en')} vouchers, ${result.historyRows.toLocaleString('en')} history rows ` +
        `in ${result.seconds.toFixed(1)} s\n`,
    );
  } catch (error) {
    exitWith([`Bulk seeding failed: ${(error as Error).message}`]);
  } finally {
    await client.end();
  }
}

if (require.main === module) void main();
