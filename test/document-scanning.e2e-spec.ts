import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClamAvScanner } from '../src/platform/scanning/clamav-scanner';
import { JobName, QUEUE_OF } from '../src/platform/queue/job-catalogue';
import { Queues } from '../src/platform/queue/queues.module';
import { Caller, Reply, samplePdf, TestApp } from './support';
import { ClamdServer, EICAR } from './support/clamd-server';
import { SmtpCatcher } from './support/smtp-catcher';

/**
 * Scanning with clamd (issue 11): CLAMAV_URL set, every upload waits for a `scan-document` job
 * (through the outbox) that streams it to clamd with INSTREAM over TCP. Here clamd is a small
 * server in this process that speaks the protocol and finds the EICAR test string. Until the
 * scan is clean nobody downloads the file; an infected one goes to quarantine and its uploader
 * is told.
 */

function expectProblem(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
}

describe('document scanning with clamd', () => {
  let clamd: ClamdServer;

  beforeAll(async () => (clamd = await ClamdServer.start()));
  afterAll(() => clamd?.close());

  describe('the INSTREAM client', () => {
    it('answers clean or the name of what it found, for streams of any size (sent in chunks)', async () => {
      const scanner = ClamAvScanner.fromUrl(clamd.url, 5000);
      expect(await scanner.scan(samplePdf())).toEqual({ infected: false });
      const big = Buffer.concat([Buffer.alloc(300 * 1024, 0x41), Buffer.from(EICAR, 'latin1')]);
      expect(await scanner.scan(big)).toEqual({ infected: true, signature: 'Eicar-Signature' });
      expect(clamd.scanned.at(-1)!.equals(big)).toBe(true);
    });

    it('throws on an error answer, a refused connection, and silence past its timeout', async () => {
      clamd.next('error');
      await expect(ClamAvScanner.fromUrl(clamd.url, 5000).scan(samplePdf())).rejects.toThrow(/ERROR/);
      await expect(ClamAvScanner.fromUrl('tcp://127.0.0.1:1', 2000).scan(samplePdf())).rejects.toThrow();
      clamd.next('hold');
      await expect(ClamAvScanner.fromUrl(clamd.url, 300).scan(samplePdf())).rejects.toThrow(/did not answer/);
    });
  });

  describe('through the api and the worker', () => {
    let t: TestApp;
    let smtp: SmtpCatcher;
    let programme: { code: string };
    let officer: Caller;
    let officerSub: string;

    beforeAll(async () => {
      smtp = await SmtpCatcher.start();
      t = await TestApp.start({ worker: true, env: { CLAMAV_URL: clamd.url, SMTP_URL: smtp.url } });
      programme = await t.newProgramme();
      officerSub = t.unique('officer');
      officer = await t.as({
        sub: officerSub,
        role: 'officer',
        programmes: [programme.code],
        email: `${officerSub}@fonds.example`,
        name: 'Els Mulder',
      });
      expect((await officer.get('/api/v1/applications')).status).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    const content = (caller: Caller, applicationId: string, documentId: string) =>
      caller.get(`/api/v1/applications/${applicationId}/documents/${documentId}/content`);

    async function granted() {
      const sub = t.unique('applicant');
      const applicant = await t.as({ sub, role: 'applicant', email: `${sub}@example.nl` });
      const reviewer = await t.officer([programme.code]);
      const { application } = await t.newApplication(programme.code, {
        applicant,
        body: { applicant: { email: `${sub}@example.nl` } },
      });
      expect(
        (await reviewer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' })).status,
      ).toBe(200);
      expect(
        (await officer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' })).status,
      ).toBe(200);
      return {
        id: application.id as string,
        reference: application.reference as string,
        applicant,
        email: `${sub}@example.nl`,
      };
    }

    it('a clean upload is pending until its scan, then served; complete waits for the clean scan', async () => {
      const a = await granted();
      clamd.next('hold'); // the scan is in progress until released
      const held = clamd.nextHeld();
      const doc = await t.uploadDocument(a.applicant, a.id);
      expect(doc.scan).toBe('pending');
      const scanning = await held;
      expectProblem(await content(a.applicant, a.id, doc.id), 409, 'document-not-available');
      expectProblem(
        await officer.post(`/api/v1/applications/${a.id}/transitions`, { action: 'complete' }),
        422,
        'evidence-required',
      );
      expect((await officer.get(`/api/v1/applications/${a.id}`)).body.allowedActions).toEqual([]);
      scanning.end('stream: OK\0');
      await t.drain();
      const list = await a.applicant.get(`/api/v1/applications/${a.id}/documents`);
      expect(list.body.items).toEqual([expect.objectContaining({ id: doc.id, scan: 'clean' })]);
      expect((await content(officer, a.id, doc.id)).status).toBe(200);
      const scanned = await t.db.query(
        `SELECT payload FROM outbox WHERE type = 'document.scanned' AND payload->>'documentId' = $1`,
        [doc.id],
      );
      expect(scanned).toEqual([{ payload: expect.objectContaining({ scan: 'clean', kind: 'completion-proof' }) }]);
      expect((await officer.post(`/api/v1/applications/${a.id}/transitions`, { action: 'complete' })).status).toBe(200);
    });

    it('an infected upload goes to quarantine, is never served, proves nothing, and its uploader is told', async () => {
      const a = await granted();
      const infected = Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]);
      const doc = await t.uploadDocument(a.applicant, a.id, { bytes: infected, fileName: 'diploma.pdf' });
      await t.drain();
      expect((await a.applicant.get(`/api/v1/applications/${a.id}/documents`)).body.items[0].scan).toBe('infected');
      for (const caller of [a.applicant, officer, await t.admin()]) {
        expectProblem(await content(caller, a.id, doc.id), 409, 'document-not-available');
      }
      expect(existsSync(join(t.config.DOCUMENT_DIR, 'documents', a.id, doc.id))).toBe(false);
      expect(existsSync(join(t.config.DOCUMENT_DIR, 'quarantine', a.id, doc.id))).toBe(true);
      expectProblem(
        await officer.post(`/api/v1/applications/${a.id}/transitions`, { action: 'complete' }),
        422,
        'evidence-required',
      );
      const mails = smtp.to(a.email).filter((m) => m.subject.includes('virus'));
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe(`Uw document bij aanvraag ${a.reference} is niet aangenomen: er zit een virus in`);
      expect(mails[0].text).toContain('"diploma.pdf"');
      const inbox = await a.applicant.get('/api/v1/me/notifications');
      expect(inbox.body.items.filter((m: { subject: string }) => m.subject.includes('virus'))).toHaveLength(1);
    });

    it('an officer who uploads an infected file is told, not the applicant', async () => {
      const a = await granted();
      await t.uploadDocument(officer, a.id, {
        kind: 'supporting',
        bytes: Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]),
      });
      await t.drain();
      expect(smtp.to(`${officerSub}@fonds.example`).filter((m) => m.subject.includes('virus'))).toHaveLength(1);
      expect(smtp.to(a.email).filter((m) => m.subject.includes('virus'))).toHaveLength(0);
    });

    it('an infected document supplies nothing for an information request', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      await officer.post(`/api/v1/applications/${application.id}/transitions`, {
        action: 'request-information',
        reason: 'De offerte?',
      });
      await t.uploadDocument(applicant, application.id, {
        kind: 'supporting',
        bytes: Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]),
      });
      await t.drain();
      expectProblem(
        await applicant.post(`/api/v1/applications/${application.id}/transitions`, { action: 'supplement' }),
        422,
        'nothing-supplemented',
      );
    });

    it('a scan clamd refuses is tried again, and recorded once', async () => {
      const a = await granted();
      clamd.next('error');
      const doc = await t.uploadDocument(a.applicant, a.id);
      await t.drain(30_000);
      // On a loaded machine the retry can still be on its way between two looks of drain: wait for it.
      const scan = async (): Promise<string> =>
        (await a.applicant.get(`/api/v1/applications/${a.id}/documents`)).body.items[0].scan as string;
      for (const until = Date.now() + 30_000; (await scan()) === 'pending' && Date.now() < until;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await scan()).toBe('clean');
      const [event] = await t.db.query(
        `SELECT id FROM outbox WHERE type = 'document.uploaded' AND payload->>'documentId' = $1`,
        [doc.id],
      );
      const job = (await t.app.get(Queues).of(QUEUE_OF[JobName.ScanDocument]).getJob(event.id))!;
      expect(job.attemptsMade).toBe(2);
      const scanned = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'document.scanned' AND payload->>'documentId' = $1`,
        [doc.id],
      );
      expect(scanned).toEqual([{ n: 1 }]);
    });
  });
});
