import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { createApiApp } from '../../src/app.factory';
import { QueueName, servedQueues } from '../../src/platform/queue/job-catalogue';
import { Queues } from '../../src/platform/queue/queues.module';
import { createWorkerContext } from '../../src/worker.factory';
import { MetricsRegistry } from '../../src/platform/metrics/metrics-registry';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { signLocalToken } from '../../src/platform/auth/token-signer';
import { applicationBody, programmeBody } from './builders';
import { createTestDatabase, databaseUrl, dropDatabase } from './test-database';
import { checkAgainstContract } from './openapi-contract';

/** Removes every Redis key under a test's prefix. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis away: nothing to clean that matters.
  } finally {
    redis.disconnect();
  }
}

export const TEST_SECRET = 'vakvoucher-test-secret-0123456789';

export interface Claims {
  sub: string;
  role: 'applicant' | 'officer' | 'provincial' | 'admin';
  programmes?: string[];
  province?: string;
  name?: string;
  email?: string;
}

export interface Reply<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  /** The body's bytes as sent (for downloads). */
  raw?: Buffer;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One part of a multipart/form-data body: a text field, or a file with its name and bytes. */
export type FormPart =
  { name: string; value: string } | { name: string; fileName: string; bytes: Buffer; contentType?: string };

/** A multipart/form-data body as a browser sends it; answers the body and its content type. */
export function multipartBody(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----vakvoucher${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'value' in part
        ? `Content-Disposition: form-data; name="${part.name}"\r\n\r\n`
        : `Content-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n` +
          `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}`, 'utf8'));
    chunks.push('value' in part ? Buffer.from(part.value, 'utf8') : part.bytes);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A small, real PDF: what an applicant uploads as a certificate in the tests. */
export function samplePdf(text = 'Certificaat'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** An HTTP client bound to one caller; requests go through Fastify's inject, no socket. */
export class Caller {
  constructor(
    private readonly app: NestFastifyApplication,
    private readonly token: string | null,
  ) {}

  /** Sends a multipart/form-data body (a document upload), as a browser's form would. */
  async upload<T = any>(url: string, parts: FormPart[], headers: Record<string, string> = {}): Promise<Reply<T>> {
    const { body, contentType } = multipartBody(parts);
    return this.request<T>('POST', url, body, { 'content-type': contentType, ...headers });
  }

  async request<T = any>(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const response = await this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)
            ? { 'content-type': 'application/json' }
            : {}),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      });
    const type = String(response.headers['content-type'] ?? '');
    const reply = {
      status: response.statusCode,
      headers: response.headers,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : response.body,
      raw: response.rawPayload,
    };
    // Every /api/v1 answer must be one the OpenAPI document describes (test/support/openapi-contract.ts).
    await checkAgainstContract(this.app, method, url, reply);
    return reply;
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
}

/**
 * The real api on a database of its own (copied from the run's migrated template) and a
 * Redis key prefix of its own, with builders that read like the domain.
 */
export class TestApp {
  private counter = 0;
  readonly anonymous: Caller;
  /** The worker role in this process, when started. */
  worker: INestApplicationContext | null = null;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly databaseName: string,
    /** The registry api and worker share, as in `npm start`: one scrape of /metrics shows both. */
    readonly metrics: MetricsRegistry,
    private readonly documentDir: string,
  ) {
    this.anonymous = new Caller(app, null);
  }

  static async start(options: { env?: Record<string, string>; worker?: boolean } = {}): Promise<TestApp> {
    const env = options.env ?? {};
    const databaseName = await createTestDatabase();
    // Each test file keeps its documents in a folder of its own, removed afterwards.
    const documentDir = mkdtempSync(join(tmpdir(), `vv-documents-${databaseName}-`));
    const config = loadConfig({
      DOCUMENT_DIR: documentDir,
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `vv-test:${databaseName}`,
      AUTH_MODE: 'local',
      AUTH_JWT_SECRET: TEST_SECRET,
      // Needed outside local mode (the OIDC tests); 32 bytes in hex.
      WEBHOOK_SECRET_KEY: '7e'.repeat(32),
      // TEST_LOG_LEVEL=error shows the api's own log of a failing test.
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // Test files run two at a time next to worker processes; PostgreSQL allows 100 connections.
      DB_POOL_SIZE: '10',
      JOB_SCHEDULES: 'off',
      // Test files run side by side: the worker's metrics take any free port.
      WORKER_METRICS_PORT: '0',
      WORKER_METRICS_HOST: '127.0.0.1',
      ...env,
    });
    try {
      const metrics = new MetricsRegistry();
      const app = await createApiApp(config, metrics);
      const testApp = new TestApp(app, config, databaseName, metrics, documentDir);
      if (options.worker) await testApp.startWorker();
      return testApp;
    } catch (error) {
      await dropDatabase(databaseName);
      rmSync(documentDir, { recursive: true, force: true });
      throw error;
    }
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  async startWorker(): Promise<INestApplicationContext> {
    this.worker = await createWorkerContext(this.config, this.metrics);
    return this.worker;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.app.close();
    await dropDatabase(this.databaseName);
    await deleteKeys(this.config.REDIS_URL, this.config.REDIS_PREFIX);
    rmSync(this.documentDir, { recursive: true, force: true });
  }

  /**
   * Waits until every outbox row is relayed and the queues this test's worker serves are idle
   * (scheduler entries aside), as integration tests must before they assert on background
   * work. Jobs of queues no worker serves here are dropped; a job that failed for good fails
   * the wait.
   */
  async drain(timeoutMs = 20_000): Promise<void> {
    const queues = this.app.get(Queues);
    const served = servedQueues(this.config.WORKER_QUEUES);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ pending }] = await this.db.query(`SELECT count(*)::int AS pending FROM outbox WHERE relayed_at IS NULL`);
      let busy = 0;
      for (const name of Object.values(QueueName)) {
        const queue = queues.of(name);
        if (!this.worker || !served.includes(name)) {
          if (pending === 0) await queue.drain(true);
          continue;
        }
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        busy += counts.waiting + counts.active + counts.prioritized + counts['waiting-children'];
        busy += (await queue.getDelayed()).filter((job) => !String(job.id).startsWith('repeat:')).length;
        const [failed] = await queue.getFailed(0, 0);
        if (failed) throw new Error(`drain: job ${failed.name} ${failed.id} failed: ${failed.failedReason}`);
      }
      if (pending === 0 && busy === 0) return;
      if (Date.now() > deadline) {
        const stuck = await this.db.query(`SELECT type, last_error FROM outbox WHERE relayed_at IS NULL LIMIT 3`);
        throw new Error(`drain: ${pending} outbox rows and ${busy} jobs still open ${JSON.stringify(stuck)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  unique(prefix: string): string {
    return `${prefix}-${++this.counter}-${randomBytes(2).toString('hex')}`;
  }

  async as(claims: Claims): Promise<Caller> {
    return new Caller(this.app, await signLocalToken(TEST_SECRET, claims));
  }

  admin() {
    return this.as({ sub: 'admin-1', role: 'admin' });
  }
  applicant(sub = this.unique('applicant')) {
    return this.as({ sub, role: 'applicant', name: 'Test Applicant', email: `${sub}@example.nl` });
  }
  officer(programmes: string[], sub = this.unique('officer')) {
    return this.as({ sub, role: 'officer', programmes, name: `Officer ${sub}` });
  }
  provincial(province: string, sub = this.unique('provincial')) {
    return this.as({ sub, role: 'provincial', province });
  }

  /** A programme open today, created through the API by an admin. */
  async newProgramme(overrides: Record<string, unknown> = {}) {
    const admin = await this.admin();
    const reply = await admin.post('/api/v1/programmes', programmeBody({ code: this.unique('prog'), ...overrides }));
    if (reply.status !== 201) throw new Error(`newProgramme: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /**
   * An application submitted by `applicant` (a fresh one when not given). Its eligibility
   * check counts as passed, as the worker would have it, unless `eligibility: 'pending'` is
   * asked for (tests that run the real eligibility worker submit through the API instead).
   */
  async newApplication(
    programmeCode: string,
    options: { applicant?: Caller; body?: Record<string, unknown>; eligibility?: 'pending' | 'passed' } = {},
  ) {
    const applicant = options.applicant ?? (await this.applicant());
    const reply = await applicant.post('/api/v1/applications', applicationBody(programmeCode, options.body));
    if (reply.status !== 201) throw new Error(`newApplication: ${reply.status} ${JSON.stringify(reply.body)}`);
    if (options.eligibility === 'pending') return { application: reply.body, applicant };
    await this.passEligibility(reply.body.id);
    const current = await applicant.get(`/api/v1/applications/${reply.body.id}`);
    return { application: current.body, applicant };
  }

  /** Records a passed eligibility check, as the worker would (the version counts transitions only). */
  async passEligibility(applicationId: string): Promise<void> {
    await this.db.query(
      `UPDATE applications SET eligibility = $2 WHERE id = $1 AND eligibility->>'status' = 'pending'`,
      [applicationId, { status: 'passed', checkedAt: new Date().toISOString(), checks: [] }],
    );
  }

  /** Uploads a document to an application through the api; fails the test unless it is taken (201). */
  async uploadDocument(
    caller: Caller,
    applicationId: string,
    options: { kind?: string; bytes?: Buffer; fileName?: string } = {},
  ) {
    const reply = await caller.upload(`/api/v1/applications/${applicationId}/documents`, [
      { name: 'kind', value: options.kind ?? 'completion-proof' },
      { name: 'file', fileName: options.fileName ?? 'certificaat.pdf', bytes: options.bytes ?? samplePdf() },
    ]);
    if (reply.status !== 201) throw new Error(`uploadDocument: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Completes a granted application as `officer`, its owner (`applicant`) uploading the certificate first. */
  async complete(officer: Caller, applicant: Caller, applicationId: string, body: Record<string, unknown> = {}) {
    await this.uploadDocument(applicant, applicationId);
    return officer.post(`/api/v1/applications/${applicationId}/transitions`, { action: 'complete', ...body });
  }

  /** An application walked to `reviewed` by `reviewer`. */
  async reviewedApplication(programmeCode: string, reviewer: Caller, options: { body?: Record<string, unknown> } = {}) {
    const { application, applicant } = await this.newApplication(programmeCode, options);
    const reply = await reviewer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' });
    if (reply.status !== 200) throw new Error(`review: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { application: reply.body, applicant };
  }
}
