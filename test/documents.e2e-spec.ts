import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applicationBody, Caller, multipartBody, Reply, samplePdf, TestApp } from './support';

/**
 * Documents (issue 11, docs/api.md "Documents"): upload as multipart with the type judged from
 * the content, the size limit, the SHA-256 kept; list; download only when clean; who may do
 * what (invariants 7 and 10); multipart on the upload route only. Stored in a local folder
 * here (DOCUMENT_STORE=file); document-store-s3.e2e-spec.ts runs the same path on S3.
 */

const MAX = 64 * 1024;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 1)]);
/** A Windows executable, named as a PDF by whoever sends it. */
const EXECUTABLE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(200)]);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  if (field) expect((reply.body.invalidParams ?? []).map((p: { name: string }) => p.name)).toContain(field);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('documents (issue 11)', () => {
  let t: TestApp;
  let programme: { code: string };
  let officer: Caller;
  let foreignOfficer: Caller;
  let admin: Caller;
  let provincial: Caller;

  beforeAll(async () => {
    t = await TestApp.start({ env: { DOCUMENT_MAX_BYTES: String(MAX) } });
    programme = await t.newProgramme();
    officer = await t.officer([programme.code]);
    foreignOfficer = await t.officer(['elsewhere']);
    admin = await t.admin();
    provincial = await t.provincial('OV');
  });
  afterAll(() => t?.close());

  const documentsUrl = (id: string) => `/api/v1/applications/${id}/documents`;
  const upload = (caller: Caller, id: string, kind: string, bytes: Buffer, fileName = 'diploma.pdf') =>
    caller.upload(documentsUrl(id), [
      { name: 'kind', value: kind },
      { name: 'file', fileName, bytes },
    ]);
  const counts = async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM documents`);
    const [{ outbox }] = await t.db.query(`SELECT count(*)::int AS outbox FROM outbox WHERE type LIKE 'document.%'`);
    return { rows: n, outbox, files: filesUnder(t.config.DOCUMENT_DIR).length };
  };

  describe('upload', () => {
    it('takes a PDF from the owner: 201 with its metadata, SHA-256 and Location; the bytes are kept as sent', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const bytes = samplePdf('Diploma Installatietechniek');
      const reply = await upload(applicant, application.id, 'completion-proof', bytes, 'C:\\scans\\diploma 2027.pdf');
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: 'completion-proof',
        fileName: 'diploma 2027.pdf',
        contentType: 'application/pdf',
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        scan: 'clean', // no CLAMAV_URL: clean once the type is known
        uploadedAt: expect.any(String),
        uploadedBy: { id: application.ownerId ?? expect.any(String), role: 'applicant' },
      });
      expect(reply.headers.location).toBe(`${documentsUrl(application.id)}/${reply.body.id}`);
      const stored = join(t.config.DOCUMENT_DIR, 'documents', application.id, reply.body.id);
      expect(sha256(readFileSync(stored))).toBe(sha256(bytes));
      // An upload is no transition: the application's version stays.
      expect((await applicant.get(`/api/v1/applications/${application.id}`)).body.version).toBe(1);
      const [event] = await t.db.query(
        `SELECT payload FROM outbox WHERE type = 'document.uploaded' AND payload->>'documentId' = $1`,
        [reply.body.id],
      );
      expect(event.payload).toMatchObject({ applicationId: application.id, kind: 'completion-proof', scan: 'clean' });
    });

    it('judges PNG and JPEG by their content, whatever the name and the type the client claims', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const png = await applicant.upload(documentsUrl(application.id), [
        { name: 'kind', value: 'supporting' },
        { name: 'file', fileName: 'scan.pdf', bytes: PNG, contentType: 'application/pdf' },
      ]);
      expect(png.status).toBe(201);
      expect(png.body).toMatchObject({ contentType: 'image/png', fileName: 'scan.pdf' });
      const jpeg = await upload(applicant, application.id, 'supporting', JPEG, 'photo.bin');
      expect(jpeg.body).toMatchObject({ contentType: 'image/jpeg' });
    });

    it('an officer in scope may upload too', async () => {
      const { application } = await t.newApplication(programme.code);
      const reply = await upload(officer, application.id, 'supporting', samplePdf());
      expect(reply.status).toBe(201);
      expect(reply.body.uploadedBy.role).toBe('officer');
    });

    it('415 unsupported-document-type for a .pdf that is an executable, or HTML; nothing is kept', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const before = await counts();
      expectProblem(
        await upload(applicant, application.id, 'completion-proof', EXECUTABLE, 'certificaat.pdf'),
        415,
        'unsupported-document-type',
        'file',
      );
      expectProblem(
        await upload(applicant, application.id, 'supporting', Buffer.from('<html>%PDF-</html>'), 'x.pdf'),
        415,
        'unsupported-document-type',
        'file',
      );
      expect(await counts()).toEqual(before);
    });

    it('413 document-too-large above DOCUMENT_MAX_BYTES; nothing is kept', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const before = await counts();
      const big = Buffer.concat([samplePdf(), Buffer.alloc(MAX, 0x20)]);
      expectProblem(
        await upload(applicant, application.id, 'completion-proof', big),
        413,
        'document-too-large',
        'file',
      );
      const exact = Buffer.concat([samplePdf(), Buffer.alloc(MAX - samplePdf().length, 0x20)]);
      expect((await upload(applicant, application.id, 'completion-proof', exact)).status).toBe(201);
      expect((await counts()).rows).toBe(before.rows + 1);
    });

    it('400 naming the field: no kind, an unknown kind, no file, an empty file, two files, a NUL', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const before = await counts();
      const send = (parts: Parameters<Caller['upload']>[1]) => applicant.upload(documentsUrl(application.id), parts);
      const file = { name: 'file', fileName: 'd.pdf', bytes: samplePdf() };
      expectProblem(await send([file]), 400, 'invalid-request', 'kind');
      expectProblem(await send([{ name: 'kind', value: 'selfie' }, file]), 400, 'invalid-request', 'kind');
      expectProblem(await send([{ name: 'kind', value: 'supporting' }]), 400, 'invalid-request', 'file');
      expectProblem(
        await send([
          { name: 'kind', value: 'supporting' },
          { ...file, bytes: Buffer.alloc(0) },
        ]),
        400,
        'invalid-request',
        'file',
      );
      expectProblem(await send([{ name: 'kind', value: 'supporting' }, file, file]), 400, 'invalid-request', 'file');
      expectProblem(await send([{ name: 'kind', value: 'support\u0000ing' }, file]), 400, 'invalid-request', 'kind');
      expect(await counts()).toEqual(before);
    });

    it('a body that is not multipart: 415 on the upload route; malformed multipart: 400', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      expectProblem(
        await applicant.post(documentsUrl(application.id), { kind: 'supporting' }),
        415,
        'unsupported-media-type',
      );
      const { body, contentType } = multipartBody([{ name: 'kind', value: 'supporting' }]);
      const cut = await applicant.request('POST', documentsUrl(application.id), body.subarray(0, body.length - 10), {
        'content-type': contentType,
      });
      expect([400]).toContain(cut.status);
      expect(cut.body.code).toBe('invalid-request');
    });

    it('409 illegal-transition on an application in a final state; no bytes are left behind', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      expect(
        (await applicant.post(`/api/v1/applications/${application.id}/transitions`, { action: 'withdraw' })).status,
      ).toBe(200);
      const before = await counts();
      expectProblem(await upload(applicant, application.id, 'supporting', samplePdf()), 409, 'illegal-transition');
      expect(await counts()).toEqual(before);
    });
  });

  describe('multipart is for the upload route only', () => {
    it('another route refuses a multipart body (415), however large, and keeps its JSON limit (413)', async () => {
      const applicant = await t.applicant();
      const { body, contentType } = multipartBody([
        { name: 'programmeCode', value: programme.code },
        { name: 'file', fileName: 'big.pdf', bytes: Buffer.alloc(200 * 1024, 0x41) },
      ]);
      const reply = await applicant.request('POST', '/api/v1/applications', body, { 'content-type': contentType });
      expectProblem(reply, 415, 'unsupported-media-type');
      const huge = applicationBody(programme.code, { motivation: 'x'.repeat(t.config.BODY_LIMIT_BYTES) });
      expectProblem(await applicant.post('/api/v1/applications', huge), 413, 'payload-too-large');
      // The JSON limit (64 KiB) is below the document limit of this file's app.
      expect(t.config.BODY_LIMIT_BYTES).toBeLessThan(MAX * 4);
      expect((await applicant.post('/api/v1/applications', applicationBody(programme.code))).status).toBe(201);
    });
  });

  describe('list and download', () => {
    it('lists oldest first, and downloads the bytes as an attachment with the content type', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const first = await upload(applicant, application.id, 'supporting', PNG, 'offerte.png');
      const second = await upload(
        applicant,
        application.id,
        'completion-proof',
        samplePdf('Certificaat'),
        'certificaat “2027”.pdf',
      );
      for (const caller of [applicant, officer, admin]) {
        const list = await caller.get(documentsUrl(application.id));
        expect(list.status).toBe(200);
        expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([first.body.id, second.body.id]);
        const content = await caller.get(`${documentsUrl(application.id)}/${second.body.id}/content`);
        expect(content.status).toBe(200);
        expect(content.headers['content-type']).toBe('application/pdf');
        expect(content.headers['content-disposition']).toBe(
          `attachment; filename="certificaat _2027_.pdf"; filename*=UTF-8''${encodeURIComponent('certificaat “2027”.pdf')}`,
        );
        expect(content.headers['x-content-type-options']).toBe('nosniff');
        expect(sha256(content.raw!)).toBe(second.body.sha256);
      }
    });

    it('409 document-not-available while the scan is pending, and for an infected one', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const doc = (await upload(applicant, application.id, 'supporting', samplePdf())).body;
      for (const scan of ['pending', 'infected']) {
        await t.db.query(`UPDATE documents SET scan = $2 WHERE id = $1`, [doc.id, scan]);
        expectProblem(
          await applicant.get(`${documentsUrl(application.id)}/${doc.id}/content`),
          409,
          'document-not-available',
        );
        expect((await applicant.get(documentsUrl(application.id))).body.items[0].scan).toBe(scan);
      }
    });
  });

  describe('who may see what (invariants 7 and 10)', () => {
    it('another applicant’s document is 404 through the api, by its own application or by one’s own', async () => {
      const mine = await t.newApplication(programme.code);
      const theirs = await t.newApplication(programme.code);
      const doc = (await upload(theirs.applicant, theirs.application.id, 'completion-proof', samplePdf())).body;
      const base = documentsUrl(theirs.application.id);
      expectProblem(await mine.applicant.get(base), 404, 'not-found');
      expectProblem(await mine.applicant.get(`${base}/${doc.id}/content`), 404, 'not-found');
      expectProblem(await upload(mine.applicant, theirs.application.id, 'supporting', samplePdf()), 404, 'not-found');
      // Their document's id under my own application: still nothing.
      expectProblem(
        await mine.applicant.get(`${documentsUrl(mine.application.id)}/${doc.id}/content`),
        404,
        'not-found',
      );
      expectProblem(
        await mine.applicant.get(`${documentsUrl(mine.application.id)}/${randomUUID()}/content`),
        404,
        'not-found',
      );
      expectProblem(
        await mine.applicant.get(`${documentsUrl(mine.application.id)}/not-a-uuid/content`),
        404,
        'not-found',
      );
    });

    it('officers outside the programme: 404; provincial staff never (403 to upload, 404 to read); admins read, never upload', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const doc = (await upload(applicant, application.id, 'completion-proof', samplePdf())).body;
      const base = documentsUrl(application.id);
      for (const caller of [foreignOfficer, provincial]) {
        expectProblem(await caller.get(base), 404, 'not-found');
        expectProblem(await caller.get(`${base}/${doc.id}/content`), 404, 'not-found');
      }
      expectProblem(await upload(foreignOfficer, application.id, 'supporting', samplePdf()), 404, 'not-found');
      expectProblem(await upload(provincial, application.id, 'supporting', samplePdf()), 403, 'forbidden');
      expectProblem(await upload(admin, application.id, 'supporting', samplePdf()), 403, 'forbidden');
      expect((await admin.get(`${base}/${doc.id}/content`)).status).toBe(200);
      expectProblem(await t.anonymous.get(base), 401, 'unauthenticated');
    });
  });
});
