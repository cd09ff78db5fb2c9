import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { S3ObjectStore } from '../src/platform/storage/s3-object-store';
import { Caller, samplePdf, TestApp } from './support';
import { ClamdServer, EICAR } from './support/clamd-server';

/**
 * DOCUMENT_STORE=s3 against a real S3-compatible server started in this process (s3rver, which
 * checks the request signatures as S3 does), not a mock of the SDK: the object store itself,
 * then the whole upload, scan, quarantine and download path of the api on it.
 */

const BUCKET = 'vakvoucher-documents';
/** s3rver's own credentials: a request signed with any other key is refused. */
const KEY = 'S3RVER';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('documents in an S3-compatible store', () => {
  let s3: S3rver;
  let directory: string;
  let endpoint: string;
  let client: S3Client;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'vv-s3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: KEY, secretAccessKey: KEY },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Whether the bucket holds `key`, asked of the server directly. */
  const exists = async (key: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  };

  describe('the object store', () => {
    let store: S3ObjectStore;
    beforeAll(() => {
      store = new S3ObjectStore({
        endpoint,
        region: 'us-east-1',
        bucket: BUCKET,
        accessKeyId: KEY,
        secretAccessKey: KEY,
      });
    });
    afterAll(() => store.close());

    it('puts, gets, moves and deletes; a missing key is null, and moving or deleting it is no error', async () => {
      const bytes = samplePdf('store');
      await store.put('unit/a/b', bytes, 'application/pdf');
      expect(sha256((await store.get('unit/a/b'))!)).toBe(sha256(bytes));
      const head = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'unit/a/b' }));
      expect(head.ContentType).toBe('application/pdf');
      await store.move('unit/a/b', 'unit/quarantine/b');
      expect(await exists('unit/a/b')).toBe(false);
      expect(await exists('unit/quarantine/b')).toBe(true);
      expect(await store.get('unit/a/b')).toBeNull();
      expect(sha256((await store.get('unit/quarantine/b'))!)).toBe(sha256(bytes));
      await store.move('unit/a/b', 'unit/elsewhere/b'); // moved already
      await store.delete('unit/quarantine/b');
      await store.delete('unit/quarantine/b');
      expect(await store.get('unit/quarantine/b')).toBeNull();
      expect(await exists('unit/quarantine/b')).toBe(false);
      expect(await exists('unit/elsewhere/b')).toBe(false);
    });

    it('refuses a key that could climb out of its place', async () => {
      await expect(store.put('../etc/passwd', samplePdf(), 'application/pdf')).rejects.toThrow(/Not a storage key/);
      await expect(store.get('documents/../x')).rejects.toThrow(/Not a storage key/);
    });

    it('is refused by the server with wrong credentials (the signature is checked)', async () => {
      const wrong = new S3ObjectStore({
        endpoint,
        region: 'us-east-1',
        bucket: BUCKET,
        accessKeyId: KEY,
        secretAccessKey: 'not-the-secret',
      });
      await expect(wrong.put('unit/x', samplePdf(), 'application/pdf')).rejects.toThrow();
      wrong.close();
    });
  });

  describe('the api on it', () => {
    let t: TestApp;
    let clamd: ClamdServer;
    let programme: { code: string };
    let officer: Caller;

    beforeAll(async () => {
      clamd = await ClamdServer.start();
      t = await TestApp.start({
        worker: true,
        env: {
          WORKER_QUEUES: 'documents',
          DOCUMENT_STORE: 's3',
          S3_ENDPOINT: endpoint,
          S3_BUCKET: BUCKET,
          S3_ACCESS_KEY_ID: KEY,
          S3_SECRET_ACCESS_KEY: KEY,
          CLAMAV_URL: clamd.url,
        },
      });
      programme = await t.newProgramme();
      officer = await t.officer([programme.code]);
    });
    afterAll(async () => {
      await t?.close();
      await clamd?.close();
    });

    it('stores an upload in the bucket, scans it, and serves it once clean', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const bytes = samplePdf('S3');
      const uploaded = await t.uploadDocument(applicant, application.id, { bytes });
      expect(uploaded.scan).toBe('pending');
      expect(await exists(`documents/${application.id}/${uploaded.id}`)).toBe(true);
      await t.drain();
      const content = await officer.get(`/api/v1/applications/${application.id}/documents/${uploaded.id}/content`);
      expect(content.status).toBe(200);
      expect(sha256(content.raw!)).toBe(sha256(bytes));
    });

    it('moves an infected upload to quarantine in the bucket and never serves it', async () => {
      const { application, applicant } = await t.newApplication(programme.code);
      const infected = Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]);
      const doc = await t.uploadDocument(applicant, application.id, { bytes: infected, kind: 'supporting' });
      await t.drain();
      expect(await exists(`documents/${application.id}/${doc.id}`)).toBe(false);
      expect(await exists(`quarantine/${application.id}/${doc.id}`)).toBe(true);
      expect((await t.db.query(`SELECT scan, scan_signature FROM documents WHERE id = $1`, [doc.id]))[0]).toEqual({
        scan: 'infected',
        scan_signature: 'Eicar-Signature',
      });
      const content = await officer.get(`/api/v1/applications/${application.id}/documents/${doc.id}/content`);
      expect({ status: content.status, code: content.body.code }).toEqual({
        status: 409,
        code: 'document-not-available',
      });
    });
  });
});
