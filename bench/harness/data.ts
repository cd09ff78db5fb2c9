import { Pool } from 'pg';
import { applicationBody, programmeBody } from '../../test/support/builders';
import { signLocalToken } from '../../src/platform/auth/token-signer';

export const BENCH_SECRET = 'vakvoucher-bench-secret-0123456789';

export interface BenchProgramme {
  id: string;
  code: string;
}

/** A programme open today, by default with room for every grant a benchmark makes (ten billion euro budget). */
export async function createProgramme(
  db: Pool,
  code: string,
  budgetCents = 1_000_000_000_000,
): Promise<BenchProgramme> {
  const p = programmeBody({ code, name: `Bench ${code}`, budgetCents });
  const {
    rows: [row],
  } = await db.query(
    `INSERT INTO programmes (code, name, province, funders, budget_cents, min_amount_cents, max_amount_cents,
       max_co_funding_percent, opens_at, closes_at, region, target_groups, training_kinds, milestones, targets,
       four_eyes, voucher_validity_days, provider_cap)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id, code`,
    [
      p.code,
      p.name,
      p.province,
      p.funders,
      p.budgetCents,
      p.minAmountCents,
      p.maxAmountCents,
      p.maxCoFundingPercent,
      p.opensAt,
      p.closesAt,
      p.region,
      p.targetGroups,
      p.trainingKinds,
      p.milestones,
      p.targets,
      p.fourEyes,
      p.voucherValidityDays,
      p.providerCap,
    ],
  );
  return row;
}

/** The request body every submission of a benchmark sends (the example applicant of docs/api.md). */
export function submitBody(programmeCode: string): string {
  return JSON.stringify(applicationBody(programmeCode));
}

/**
 * `count` submitted applications of distinct applicants, inserted in one statement, as a
 * submit would leave them (plus the report counter), with the eligibility check `eligibility`.
 * Returns their ids in insertion order.
 */
export async function insertApplications(
  db: Pool,
  programme: BenchProgramme,
  count: number,
  options: { ownerPrefix: string; eligibility: 'passed' | 'pending' },
): Promise<string[]> {
  const body = applicationBody(programme.code);
  const eligibility =
    options.eligibility === 'passed'
      ? { status: 'passed', checkedAt: new Date().toISOString(), checks: [] }
      : { status: 'pending', checkedAt: null, checks: [] };
  // References as the api makes them (no cut at six digits past a million); the lateral row
  // takes one sequence number per application.
  const { rows } = await db.query(
    `INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, applicant, training,
       requested_amount_cents, eligibility, rank)
     SELECT 'BN-2026-' || lpad(s.n::text, greatest(6, length(s.n::text)), '0'), $1, $2, $3 || g, 'submitted',
       $4::jsonb, $5::jsonb, $6, $7::jsonb,
       nextval($9::regclass)
     FROM generate_series(1, $8::int) AS g, LATERAL (SELECT nextval('application_reference_seq') AS n, g AS at) s
     ORDER BY g
     RETURNING id`,
    [
      programme.id,
      programme.code,
      options.ownerPrefix,
      { locale: 'nl', publicityConsent: false, ...body.applicant },
      body.training,
      body.requestedAmountCents,
      eligibility,
      count,
      // The programme's own sequence of submission numbers: in a first-come programme, the rank.
      `programme_submissions_${programme.id.replace(/-/g, '')}`,
    ],
  );
  await db.query(
    `INSERT INTO report_deltas (programme_id, target_group, gender, training_kind, status, grant_month, delta)
     VALUES ($1, $2, $3, $4, 'submitted', NULL, $5)`,
    [programme.id, body.applicant.targetGroup, body.applicant.gender, body.training.kind, count],
  );
  return rows.map((r) => r.id as string);
}

/** How many applications of the programme are stored, and how many of them have their eligibility result. */
export async function eligibilityCounts(db: Pool, programmeId: string): Promise<{ stored: number; checked: number }> {
  const {
    rows: [counts],
  } = await db.query(
    `SELECT count(*)::int AS stored, count(*) FILTER (WHERE eligibility->>'status' <> 'pending')::int AS checked
       FROM applications WHERE programme_id = $1`,
    [programmeId],
  );
  return counts;
}

/** `count` applicant tokens with distinct subjects `<prefix>-<i>`. */
export async function applicantTokens(prefix: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      await signLocalToken(BENCH_SECRET, {
        sub: `${prefix}-${i}`,
        role: 'applicant',
        name: 'Bench Applicant',
        email: `${prefix}-${i}@example.nl`,
      }),
    );
  }
  return tokens;
}

export function officerToken(sub: string): Promise<string> {
  return signLocalToken(BENCH_SECRET, {
    sub,
    role: 'officer',
    programmes: ['*'],
    name: `Officer ${sub}`,
    email: `${sub}@example.nl`,
  });
}
