import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { RetentionService } from '../src/features/privacy/retention.service';
import { ERASED_BODY } from '../src/features/notifications/notification-erasure';
import { seedBulk } from '../scripts/seed-bulk';
import { Caller, TestApp } from './support';
import { SmtpCatcher } from './support/smtp-catcher';
import { environmentOf } from './support/worker-process';
import { JobName } from '../src/platform/queue/job-catalogue';
import { SCHEDULES } from '../src/platform/queue/job-schedules.service';
import { Queues } from '../src/platform/queue/queues.module';

type Json = any;
const ROOT = join(__dirname, '..');
const DAY = 86_400_000;
const APPLICATIONS = 10_000;

/** `at` plus `years` calendar years, the way a clock moves (independent of the code under test). */
function plusYears(at: Date, years: number): Date {
  const moved = new Date(at.getTime());
  moved.setUTCFullYear(moved.getUTCFullYear() + years);
  return moved;
}

/**
 * Issue 14: RETENTION_YEARS (7) after an application closed, the retention job removes its
 * personal data, keeping what reports and milestones count. Run with a moved clock over 10,000
 * applications (bulk-seeded in every state) and a few taken through the API: exactly the due
 * ones lose their data, reports stay the same, and a run killed midway plus a second run
 * remove each application's data once.
 */
describe('retention of personal data', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let admin: Caller;
  let bulkCode: string;
  const seededAt = new Date();
  const api: Record<string, Json> = {};

  /** The applications due at `now`, from status, last change and decision (not from closed_at). */
  async function dueAt(now: Date): Promise<string[]> {
    const cutoff = plusYears(now, -7);
    const rows: { id: string }[] = await t.db.query(
      `SELECT id::text FROM applications
       WHERE (status IN ('completed', 'withdrawn', 'expired') AND updated_at <= $1)
          OR (status = 'rejected' AND greatest(updated_at,
                ((decision->>'objectionDeadline')::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam') <= $1)
       ORDER BY id`,
      [cutoff],
    );
    return rows.map((r) => r.id);
  }

  const removed = async (): Promise<Map<string, string>> => {
    const rows: { id: string; at: string }[] = await t.db.query(
      `SELECT id::text, personal_data_removed_at::text AS at FROM applications
       WHERE personal_data_removed_at IS NOT NULL ORDER BY id`,
    );
    return new Map(rows.map((r) => [r.id, r.at]));
  };

  /** Every report and milestone list the figures show, without the moment they were generated. */
  async function figures(): Promise<Json> {
    const strip = (report: Json) => JSON.parse(JSON.stringify(report, (k, v) => (k === 'generatedAt' ? undefined : v)));
    const out: Json = {};
    for (const code of [bulkCode, api.programme.code]) {
      const report = await admin.get(`/api/v1/programmes/${code}/report`);
      const milestones = await admin.get(`/api/v1/programmes/${code}/milestones`);
      expect([report.status, milestones.status]).toEqual([200, 200]);
      out[code] = {
        report: strip(report.body),
        milestones: milestones.body.items.map((m: Json) => ({ ...m, holder: undefined })),
      };
    }
    const province = await admin.get('/api/v1/provinces/OV/report');
    out.province = strip(province.body);
    return out;
  }

  /** A retention run in a child process, SIGKILLed after it committed `batches` batches. */
  async function crashedRun(now: Date, batchSize: number, batches: number) {
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(__dirname, 'support/ts-cache-register.js'),
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'support/retention-run.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          ...environmentOf(t.config, { RETENTION_NOW: now.toISOString(), RETENTION_BATCH: String(batchSize) }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const committed: string[][] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('{"batch"')) continue;
        committed.push((JSON.parse(line) as { batch: string[] }).batch);
        if (committed.length === batches) child.kill('SIGKILL');
      }
    });
    const signal = await exited;
    return { signal, committed, output };
  }

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ env: { SMTP_URL: smtp.url }, worker: true });
    admin = await t.admin();
    // Through the API: closed now by the write path (complete, reject, withdraw), and one left open.
    api.programme = await t.newProgramme();
    const reviewer = await t.officer([api.programme.code]);
    const granter = await t.officer([api.programme.code]);
    const body = (name: string) => ({
      applicant: { name, email: `${name.split(' ')[0].toLowerCase()}@example.nl` },
      employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
      motivation: `Motivatie van ${name}`,
    });
    const { application: completed, applicant: anna } = await t.reviewedApplication(api.programme.code, reviewer, {
      body: body('Anna Completed'),
    });
    expect((await granter.post(`/api/v1/applications/${completed.id}/transitions`, { action: 'grant' })).status).toBe(
      200,
    );
    expect((await t.complete(granter, anna, completed.id, { reason: 'Diploma' })).status).toBe(200);
    const { application: rejected } = await t.newApplication(api.programme.code, { body: body('Rob Rejected') });
    expect(
      (
        await reviewer.post(`/api/v1/applications/${rejected.id}/transitions`, {
          action: 'reject',
          reason: 'Buiten de regeling',
        })
      ).status,
    ).toBe(200);
    const { application: withdrawn, applicant } = await t.newApplication(api.programme.code, {
      body: body('Wim Withdrawn'),
    });
    expect(
      (await applicant.post(`/api/v1/applications/${withdrawn.id}/transitions`, { action: 'withdraw' })).status,
    ).toBe(200);
    const { application: open, applicant: olga } = await t.newApplication(api.programme.code, {
      body: body('Olga Open'),
    });
    const openDocument = await t.uploadDocument(olga, open.id, { kind: 'supporting' });
    Object.assign(api, { completed, rejected, withdrawn, open, anna, olga, openDocument });
    await t.drain(30_000);

    const client = new Client({ connectionString: t.config.DATABASE_URL });
    await client.connect();
    try {
      const result = await seedBulk(client, {
        applications: APPLICATIONS,
        programme: 'retention-bulk',
        now: seededAt,
        progress: () => undefined,
      });
      bulkCode = result.programmeCode;
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('keeps when each application closed, as the lifecycle wrote it', async () => {
    const rows: Json[] = await t.db.query(
      `SELECT id::text, closed_at, updated_at, decision FROM applications WHERE id = ANY($1::uuid[])`,
      [[api.completed.id, api.rejected.id, api.withdrawn.id, api.open.id]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(api.open.id).closed_at).toBeNull();
    for (const id of [api.completed.id, api.withdrawn.id])
      expect(byId.get(id).closed_at).toEqual(byId.get(id).updated_at);
    // A rejection closes when its objection deadline (six weeks) has passed, at midnight in the Netherlands.
    const rejected = byId.get(api.rejected.id);
    expect(rejected.closed_at.getTime() - rejected.updated_at.getTime()).toBeGreaterThan(42 * DAY - 2 * DAY);
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeStyle: 'short' }).format(rejected.closed_at),
    ).toBe('00:00');
  });

  it('removes exactly the due ones, once, across a crash and a re-run, and the reports stay the same', async () => {
    const before = await figures();
    const moved = new Date(plusYears(seededAt, 7).getTime() - 300 * DAY);
    const due = await dueAt(moved);
    expect(due.length).toBeGreaterThan(2000);
    expect(due.length).toBeLessThan(APPLICATIONS - 2000);

    const crash = await crashedRun(moved, 100, 3);
    expect(crash.signal).toBe('SIGKILL');
    expect(crash.output).toContain('removed the personal data of 100 applications closed before');
    const afterCrash = await removed();
    expect(afterCrash.size).toBeGreaterThanOrEqual(300);
    expect(afterCrash.size).toBeLessThan(due.length);
    expect([...afterCrash.keys()].every((id) => due.includes(id))).toBe(true);
    // Batch by batch, all or nothing: no application half removed.
    const [{ half }] = await t.db.query(
      `SELECT count(*)::int AS half FROM applications
       WHERE (personal_data_removed_at IS NULL) = (applicant->>'name' IS NULL)`,
    );
    expect(half).toBe(0);

    const rerun = await t.app.get(RetentionService).removeDue(moved, { batchSize: 500 });
    const afterRerun = await removed();
    expect([...afterRerun.keys()]).toEqual(due);
    expect(rerun.removed + afterCrash.size).toBe(due.length);
    for (const [id, at] of afterCrash) expect(afterRerun.get(id)).toBe(at); // not removed a second time

    const again = await t.app.get(RetentionService).removeDue(moved);
    expect(again).toMatchObject({ removed: 0, batches: 0 });
    expect(await figures()).toEqual(before);

    // What was removed, and what stays.
    const rows: Json[] = await t.db.query(
      `SELECT applicant, employer, motivation, training, status, granted_amount_cents, voucher_ordinal, idempotency_key,
              personal_data_removed_at IS NOT NULL AS removed
       FROM applications WHERE id = ANY($1::uuid[])`,
      [due.slice(0, 200)],
    );
    for (const row of rows) {
      expect(row.removed).toBe(true);
      expect(row.applicant).toMatchObject({ name: null, email: null, dateOfBirth: null, postcode: '7511' });
      expect(row.applicant.gender).toEqual(expect.any(String));
      expect(row.applicant.targetGroup).toEqual(expect.any(String));
      if (row.employer)
        expect(row.employer).toMatchObject({ name: null, postcode: '7521', kvkNumber: expect.any(String) });
      expect(row.motivation).toBeNull();
      expect(row.training.kind).toEqual(expect.any(String));
    }
    const [{ kept }] = await t.db.query(
      `SELECT count(*)::int AS kept FROM applications
       WHERE personal_data_removed_at IS NULL AND applicant->>'name' IS NOT NULL AND applicant->>'email' IS NOT NULL`,
    );
    expect(kept).toBe(APPLICATIONS + 4 - due.length);
  });

  it('later removes the applications closed through the API too, with their messages, and reads still answer', async () => {
    const before = await figures();
    const later = plusYears(new Date(), 8);
    const due = await dueAt(later);
    const run = await t.app.get(RetentionService).removeDue(later);
    expect([...(await removed()).keys()]).toEqual(due);
    expect(run.removed).toBeGreaterThan(0);
    for (const id of [api.completed.id, api.rejected.id, api.withdrawn.id]) expect(due).toContain(id);
    expect(due).not.toContain(api.open.id);
    expect(await figures()).toEqual(before);

    const officer = await t.officer([api.programme.code]);
    const gone = await officer.get(`/api/v1/applications/${api.rejected.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body.applicant).toMatchObject({ name: null, email: null, dateOfBirth: null, postcode: '7511' });
    expect(gone.body).toMatchObject({
      employer: { name: null, postcode: '7521' },
      motivation: null,
      status: 'rejected',
    });
    expect(gone.body.decision).toMatchObject({ action: 'reject', reason: 'Buiten de regeling' });
    const open = await officer.get(`/api/v1/applications/${api.open.id}`);
    expect(open.body.applicant.name).toBe('Olga Open');

    const messages: Json[] = await t.db.query(
      `SELECT application_id::text, address, body FROM notifications WHERE application_id = ANY($1::uuid[])`,
      [[api.completed.id, api.rejected.id, api.withdrawn.id, api.open.id]],
    );
    expect(messages.length).toBeGreaterThan(6);
    for (const m of messages) {
      if (m.application_id === api.open.id) {
        expect(m.body).toContain('Olga Open');
      } else {
        expect(m).toMatchObject({ address: null, body: ERASED_BODY });
      }
    }
    const history = await officer.get(`/api/v1/applications/${api.completed.id}/history`);
    expect(history.body.items.map((h: Json) => h.action)).toEqual(['submit', 'review', 'grant', 'complete']);

    // Documents' content goes too: the proof of the completed one is deleted and marked, the open one's stays.
    const documentsUrl = (id: string) => `/api/v1/applications/${id}/documents`;
    const [proof] = (await (api.anna as Caller).get(documentsUrl(api.completed.id))).body.items;
    expect(proof).toMatchObject({ kind: 'completion-proof', fileName: 'document' });
    const proofContent = await officer.get(`${documentsUrl(api.completed.id)}/${proof.id}/content`);
    expect([proofContent.status, proofContent.body.code]).toEqual([409, 'document-not-available']);
    expect(existsSync(join(t.config.DOCUMENT_DIR, 'documents', api.completed.id, proof.id))).toBe(false);
    const kept = await officer.get(`${documentsUrl(api.open.id)}/${api.openDocument.id}/content`);
    expect(kept.status).toBe(200);
    expect(existsSync(join(t.config.DOCUMENT_DIR, 'documents', api.open.id, api.openDocument.id))).toBe(true);
  });

  it('runs as the scheduled maintenance job in the worker', async () => {
    expect(SCHEDULES.map((s) => s.name)).toContain(JobName.RemoveExpiredPersonalData);
    const { application, applicant } = await t.newApplication(api.programme.code, {
      body: { applicant: { name: 'Job Late' } },
    });
    expect(
      (await applicant.post(`/api/v1/applications/${application.id}/transitions`, { action: 'withdraw' })).status,
    ).toBe(200);
    // Eight years on: the clock the worker's job reads is the real one, so the closing moves back instead.
    await t.db.query(`UPDATE applications SET closed_at = closed_at - interval '8 years' WHERE id = $1`, [
      application.id,
    ]);
    // The withdrawal's own jobs first: settling the allocation locks the row for a moment, and
    // the retention run skips a locked row (SKIP LOCKED) until its next night.
    await t.drain(30_000);
    await t.app.get(Queues).add(JobName.RemoveExpiredPersonalData, {});
    await t.drain(30_000);
    const [row] = await t.db.query(
      `SELECT applicant->>'name' AS name, personal_data_removed_at FROM applications WHERE id = $1`,
      [application.id],
    );
    expect(row.name).toBeNull();
    expect(row.personal_data_removed_at).not.toBeNull();
  });
});
