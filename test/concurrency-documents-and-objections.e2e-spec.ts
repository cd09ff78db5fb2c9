import { Caller, Reply, samplePdf, TestApp } from './support';

/**
 * Concurrency of issue 11 (invariants 1, 2 and 10): twenty supplements or objections sent at
 * once on one application give exactly one success; an upload racing a completion ends
 * consistently, whichever comes first; the folder holds exactly the documents on file.
 */

const tally = (replies: Reply[]) =>
  replies.reduce<Record<string, number>>((counts, r) => {
    const key = r.status === 200 ? '200' : `${r.status} ${r.body.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

describe('concurrency: supplements, objections, uploads and completions', () => {
  let t: TestApp;
  let programme: { code: string };
  let reviewer: Caller;
  let granter: Caller;

  beforeAll(async () => {
    t = await TestApp.start({ env: { DB_POOL_SIZE: '12' } });
    programme = await t.newProgramme({ budgetCents: 100_000_000 });
    reviewer = await t.officer([programme.code]);
    granter = await t.officer([programme.code]);
  });
  afterAll(() => t?.close());

  const transitions = (id: string) => `/api/v1/applications/${id}/transitions`;

  /** The history of an application, by action. */
  async function actions(id: string): Promise<string[]> {
    const rows = await t.db.query(`SELECT action FROM application_history WHERE application_id = $1 ORDER BY id`, [id]);
    return rows.map((r: { action: string }) => r.action);
  }

  function expectOneWinner(replies: Reply[]) {
    const counts = tally(replies);
    expect(counts['200']).toBe(1);
    for (const [key, n] of Object.entries(counts)) {
      if (key !== '200')
        expect({ key, n, loser: ['409 conflict', '409 illegal-transition'].includes(key) }).toMatchObject({
          loser: true,
        });
    }
  }

  it('20 simultaneous supplements on one application: exactly one succeeds, one history row, one event', async () => {
    for (let round = 0; round < 3; round++) {
      const { application, applicant } = await t.newApplication(programme.code);
      expect(
        (await reviewer.post(transitions(application.id), { action: 'request-information', reason: 'Offerte?' }))
          .status,
      ).toBe(200);
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          applicant.post(transitions(application.id), { action: 'supplement', reason: `Antwoord ${i}` }),
        ),
      );
      expectOneWinner(replies);
      expect(await actions(application.id)).toEqual(['submit', 'request-information', 'supplement']);
      const [row] = await t.db.query(`SELECT status, version FROM applications WHERE id = $1`, [application.id]);
      expect(row).toEqual({ status: 'submitted', version: 3 });
      const events = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'application.supplemented' AND payload->>'applicationId' = $1`,
        [application.id],
      );
      expect(events).toEqual([{ n: 1 }]);
      const winner = replies.find((r) => r.status === 200)!;
      const [history] = await t.db.query(
        `SELECT reason FROM application_history WHERE application_id = $1 AND action = 'supplement'`,
        [application.id],
      );
      expect(winner.body.status).toBe('submitted');
      expect(history.reason).toMatch(/^Antwoord \d+$/);
    }
  });

  it('20 simultaneous objections on one decision: exactly one succeeds, the officers are told once', async () => {
    for (let round = 0; round < 3; round++) {
      const { application, applicant } = await t.newApplication(programme.code);
      expect(
        (await reviewer.post(transitions(application.id), { action: 'reject', reason: 'Buiten de regio.' })).status,
      ).toBe(200);
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          applicant.post(transitions(application.id), { action: 'object', reason: `Bezwaar ${i}` }),
        ),
      );
      expectOneWinner(replies);
      expect(await actions(application.id)).toEqual(['submit', 'reject', 'object']);
      const events = await t.db.query(
        `SELECT payload FROM outbox WHERE type = 'application.objected' AND payload->>'applicationId' = $1`,
        [application.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0].payload.jobs).toEqual(['notify-officers']);
    }
  });

  /** Files in the folder for an application's documents, and the rows on file. */
  async function onFile(applicationId: string) {
    const { readdirSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(t.config.DOCUMENT_DIR, 'documents', applicationId);
    const files = existsSync(dir) ? readdirSync(dir).sort() : [];
    const rows = (
      await t.db.query(`SELECT id::text FROM documents WHERE application_id = $1 ORDER BY id`, [applicationId])
    ).map((r: { id: string }) => r.id);
    return { files, rows: [...rows].sort() };
  }

  async function grantedVoucher() {
    const { application, applicant } = await t.reviewedApplication(programme.code, reviewer, {
      body: { requestedAmountCents: 100_000 },
    });
    expect((await granter.post(transitions(application.id), { action: 'grant' })).status).toBe(200);
    return { id: application.id as string, applicant };
  }

  const uploadProof = (applicant: Caller, id: string) =>
    applicant.upload(`/api/v1/applications/${id}/documents`, [
      { name: 'kind', value: 'completion-proof' },
      { name: 'file', fileName: 'diploma.pdf', bytes: samplePdf('race') },
    ]);

  it('the proof uploaded while the officer completes: completed with the proof on file, or still granted with it', async () => {
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < 15; round++) {
      const v = await grantedVoucher();
      const [upload, complete] = await Promise.all([
        uploadProof(v.applicant, v.id),
        granter.post(transitions(v.id), { action: 'complete' }),
      ]);
      const outcome = `upload ${upload.status}, complete ${complete.status} ${complete.body.code ?? ''}`.trim();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      expect(upload.status).toBe(201);
      const [row] = await t.db.query(`SELECT status FROM applications WHERE id = $1`, [v.id]);
      if (complete.status === 200) {
        // It completed on the proof that was on file by then.
        expect(row.status).toBe('completed');
      } else {
        expect({ status: complete.status, code: complete.body.code }).toEqual({
          status: 422,
          code: 'evidence-required',
        });
        expect(row.status).toBe('granted');
        // The proof is on file now: the completion goes through.
        expect((await granter.post(transitions(v.id), { action: 'complete' })).status).toBe(200);
      }
      const { files, rows } = await onFile(v.id);
      expect(rows).toEqual([upload.body.id]);
      expect(files).toEqual(rows);
    }
    if (process.env.VV_RACE_OUTCOMES) console.log(outcomes);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('another document uploaded while the voucher completes: on file before the completion, or refused with nothing kept', async () => {
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < 15; round++) {
      const v = await grantedVoucher();
      const proof = await uploadProof(v.applicant, v.id);
      expect(proof.status).toBe(201);
      const [upload, complete] = await Promise.all([
        v.applicant.upload(`/api/v1/applications/${v.id}/documents`, [
          { name: 'kind', value: 'supporting' },
          { name: 'file', fileName: 'factuur.pdf', bytes: samplePdf('invoice') },
        ]),
        granter.post(transitions(v.id), { action: 'complete' }),
      ]);
      outcomes[`upload ${upload.status}`] = (outcomes[`upload ${upload.status}`] ?? 0) + 1;
      expect(complete.status).toBe(200);
      const { files, rows } = await onFile(v.id);
      if (upload.status === 201) {
        expect(rows).toEqual([proof.body.id, upload.body.id].sort());
      } else {
        // The completion came first: the application is final, the upload refused and its bytes removed.
        expect({ status: upload.status, code: upload.body.code }).toEqual({ status: 409, code: 'illegal-transition' });
        expect(rows).toEqual([proof.body.id]);
      }
      expect(files).toEqual(rows);
      expect(await actions(v.id)).toEqual(['submit', 'review', 'grant', 'complete']);
    }
    if (process.env.VV_RACE_OUTCOMES) console.log(outcomes);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(15);
  });
});
