/**
 * Report latency on the current database, after `npm run seed -- --applications N`:
 *   ts-node --transpile-only -r tsconfig-paths/register scripts/report-latency.ts \
 *     --programme bulk-10000 --programme bulk-1000000 [--runs 300]
 * Boots the api in-process and asks, for each programme, GET /api/v1/programmes/{code}/report
 * as an admin (JSON) and as provincial staff (CSV), and GET /provinces/{province}/report.
 * Requests to the programmes alternate, so a busy machine slows them alike; it prints mean,
 * p50, p95 and p99 per programme and each one's p50 against the first's. Requests go through
 * Fastify's inject: no socket, so the figure is the app and the database.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApiApp } from '../src/app.factory';
import { loadConfig } from '../src/platform/config/app-config';
import { signLocalToken } from '../src/platform/auth/token-signer';

const SECRET = 'report-latency-secret-0123456789';

interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  times: number[];
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
};

async function main() {
  const { values } = parseArgs({
    options: { programme: { type: 'string', multiple: true }, runs: { type: 'string', default: '300' } },
    strict: true,
  });
  const codes = values.programme ?? [];
  if (codes.length === 0) throw new Error('--programme is required (once or more)');
  const runs = Number(values.runs);
  const config = loadConfig({ ...process.env, AUTH_MODE: 'local', AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
  const app = await createApiApp(config);
  try {
    const fastify = app.getHttpAdapter().getInstance();
    const db = app.get(DataSource);
    const admin = await signLocalToken(SECRET, { sub: 'latency-admin', role: 'admin' });
    const kinds: string[] = [];
    const byKind = new Map<string, Target[]>();
    for (const code of codes) {
      const rows = await db.query<{ province: string; applications: number }[]>(
        `SELECT p.province, (SELECT count(*) FROM applications a WHERE a.programme_id = p.id)::int AS applications
         FROM programmes p WHERE p.code = $1`,
        [code],
      );
      if (rows.length === 0) throw new Error(`no programme ${code}`);
      const { province, applications } = rows[0];
      const provincial = await signLocalToken(SECRET, { sub: 'latency-provincial', role: 'provincial', province });
      const name = `${code} (${applications.toLocaleString('en')} applications)`;
      const targets: [string, Target][] = [
        [
          'programme report, admin, JSON',
          {
            label: name,
            url: `/api/v1/programmes/${code}/report`,
            headers: { authorization: `Bearer ${admin}` },
            times: [],
          },
        ],
        [
          'programme report, provincial, CSV',
          {
            label: name,
            url: `/api/v1/programmes/${code}/report`,
            headers: { authorization: `Bearer ${provincial}`, accept: 'text/csv' },
            times: [],
          },
        ],
        [
          'province report, admin, JSON',
          {
            label: `${province} (with ${name})`,
            url: `/api/v1/provinces/${province}/report`,
            headers: { authorization: `Bearer ${admin}` },
            times: [],
          },
        ],
      ];
      for (const [kind, target] of targets) {
        if (!byKind.has(kind)) {
          kinds.push(kind);
          byKind.set(kind, []);
        }
        byKind.get(kind)!.push(target);
      }
    }
    const all = [...byKind.values()].flat();
    for (const target of all) {
      for (let i = 0; i < 20; i++) {
        const reply = await fastify.inject({ url: target.url, headers: target.headers });
        if (reply.statusCode !== 200) throw new Error(`${target.url}: ${reply.statusCode} ${reply.body}`);
      }
    }
    for (let i = 0; i < runs; i++) {
      for (const target of all) {
        const start = performance.now();
        await fastify.inject({ url: target.url, headers: target.headers });
        target.times.push(performance.now() - start);
      }
    }
    process.stdout.write(`${runs} runs each, alternating\n`);
    for (const kind of kinds) {
      process.stdout.write(`${kind}\n`);
      const targets = byKind.get(kind)!;
      const base = stats(targets[0].times).p50;
      for (const target of targets) {
        const s = stats(target.times);
        process.stdout.write(
          `  ${target.label.padEnd(52)} mean ${s.mean.toFixed(2)} ms  p50 ${s.p50.toFixed(2)}  p95 ${s.p95.toFixed(2)}  ` +
            `p99 ${s.p99.toFixed(2)}  p50 ×${(s.p50 / base).toFixed(2)}\n`,
        );
      }
    }
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
