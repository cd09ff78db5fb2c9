import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobName, QUEUE_OF } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import { samplePdf, TestApp } from './support';
import { ClamdServer, EICAR } from './support/clamd-server';
import { settled, waitFor } from './support/fault-helpers';
import { WorkerProcess } from './support/worker-process';

/**
 * Fault (issue 11): a worker process killed with SIGKILL in the middle of a virus scan. The
 * document stays pending (nobody can download it), the scan job is taken over by the next
 * worker once the dead one's lock runs out (WORKER_LOCK_MS = 2 s), and that worker finishes
 * it: the verdict is written once, with one `document.scanned` event.
 */
describe('fault: a worker killed mid-scan', () => {
  let t: TestApp;
  let clamd: ClamdServer;
  let queues: Queues;
  let programme: { code: string };

  beforeAll(async () => {
    clamd = await ClamdServer.start();
    t = await TestApp.start({ env: { CLAMAV_URL: clamd.url, WORKER_LOCK_MS: '2000', DB_POOL_SIZE: '6' } });
    queues = t.app.get(Queues);
    programme = await t.newProgramme();
    // Every write of a document's scan state, recorded by a trigger of this test's own.
    await t.db.query(`CREATE TABLE test_scan_writes (document_id uuid NOT NULL, scan text NOT NULL)`);
    await t.db.query(`CREATE FUNCTION test_record_scan_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_scan_writes VALUES (NEW.id, NEW.scan); RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER test_scan_writes AFTER UPDATE OF scan ON documents
      FOR EACH ROW EXECUTE FUNCTION test_record_scan_write()`);
  });

  afterAll(async () => {
    try {
      await WorkerProcess.killAll();
      await t?.close();
    } finally {
      await clamd?.close();
    }
  });

  const worker = (name: string) => WorkerProcess.start(name, t.config, queues, { WORKER_QUEUES: 'documents' });

  async function scanKilledMidway(bytes: Buffer) {
    const { application, applicant } = await t.newApplication(programme.code);
    const first = await worker('scan-1');
    clamd.next('hold');
    const held = clamd.nextHeld();
    const doc = await t.uploadDocument(applicant, application.id, { bytes });
    await held; // the first worker streamed the file to clamd and waits for its answer
    const [event] = await t.db.query(
      `SELECT id FROM outbox WHERE type = 'document.uploaded' AND payload->>'documentId' = $1`,
      [doc.id],
    );
    const job = (await queues.of(QUEUE_OF[JobName.ScanDocument]).getJob(event.id))!;
    expect(await job.getState()).toBe('active');

    await first.kill();
    expect(first.exit).toEqual({ code: null, signal: 'SIGKILL' });

    // Dead mid-scan: the document is still pending, and nobody can have it.
    const [row] = await t.db.query(`SELECT scan, scanned_at FROM documents WHERE id = $1`, [doc.id]);
    expect(row).toEqual({ scan: 'pending', scanned_at: null });
    const refused = await applicant.get(`/api/v1/applications/${application.id}/documents/${doc.id}/content`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 409,
      code: 'document-not-available',
    });
    const answered = clamd.scanned.length;

    const second = await worker('scan-2');
    await waitFor('the scan job to complete on the second worker', async () => (await job.getState()) === 'completed');
    await settled(t, [QUEUE_OF[JobName.ScanDocument]]);
    await second.stop();
    return {
      application,
      applicant,
      doc,
      job: (await queues.of(QUEUE_OF[JobName.ScanDocument]).getJob(event.id))!,
      answered,
    };
  }

  async function expectScannedOnce(documentId: string, scan: string) {
    expect(await t.db.query(`SELECT scan FROM test_scan_writes WHERE document_id = $1`, [documentId])).toEqual([
      { scan },
    ]);
    const events = await t.db.query(
      `SELECT payload FROM outbox WHERE type = 'document.scanned' AND payload->>'documentId' = $1`,
      [documentId],
    );
    expect(events).toEqual([{ payload: expect.objectContaining({ documentId, scan }) }]);
  }

  it('a clean document: pending while nobody scans it, then clean once, and served', async () => {
    const bytes = samplePdf('killed mid-scan');
    const { application, applicant, doc, job, answered } = await scanKilledMidway(bytes);
    expect(clamd.scanned.length).toBe(answered + 1); // the second worker scanned it again, to the end
    expect(job.stalledCounter).toBe(1);
    await expectScannedOnce(doc.id, 'clean');
    const content = await applicant.get(`/api/v1/applications/${application.id}/documents/${doc.id}/content`);
    expect(content.status).toBe(200);
    expect(content.raw!.equals(bytes)).toBe(true);
  });

  it('an infected document: found once by the next worker, and moved to quarantine', async () => {
    const { application, doc, job } = await scanKilledMidway(
      Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]),
    );
    expect(job.stalledCounter).toBe(1);
    await expectScannedOnce(doc.id, 'infected');
    expect(existsSync(join(t.config.DOCUMENT_DIR, 'documents', application.id, doc.id))).toBe(false);
    expect(existsSync(join(t.config.DOCUMENT_DIR, 'quarantine', application.id, doc.id))).toBe(true);
  });
});
