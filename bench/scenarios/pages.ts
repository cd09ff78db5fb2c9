import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signLocalToken } from '../../src/platform/auth/token-signer';
import { BenchContext } from '../harness/context';
import { BENCH_SECRET, submitBody } from '../harness/data';
import { LoadResult, measureLoad } from '../harness/load';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The session cookie of a demo person, logged in through the login page as a browser would. */
export async function login(url: string, person: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const csrfCookie = page.headers
    .getSetCookie()
    .find((c) => c.startsWith('vv_csrf='))!
    .split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const reply = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, person }).toString(),
  });
  const session = reply.headers.getSetCookie().find((c) => c.startsWith('vv_session='));
  if (!session) throw new Error(`login as ${person} answered ${reply.status}`);
  return session.split(';')[0];
}

/**
 * pages: the applicant's application page (session lookup, the application, its history, its
 * messages, rendering) and the start page (the open programmes, rendering) through our api,
 * against bench/reference/pages.ts serving the very same HTML from a constant; 32 connections,
 * alternating. Plus the weight of the apply page with its stylesheet and script.
 */
export async function pagesScenario(ctx: BenchContext): Promise<void> {
  const api = await ctx.child('api', 'api');
  const person = 'applicant-1';
  const code = `bench-pages-${ctx.runId}`;
  const admin = await signLocalToken(BENCH_SECRET, { sub: `bench-admin-${ctx.runId}`, role: 'admin' });
  const applicant = await signLocalToken(BENCH_SECRET, { sub: person, role: 'applicant' });
  const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  const programme = await fetch(`${api.url}/api/v1/programmes`, {
    method: 'POST',
    headers: json(admin),
    body: JSON.stringify({
      code,
      name: 'Bench Vakmanschap',
      province: 'OV',
      funders: ['Provincie Overijssel'],
      budgetCents: 100_000_000,
      minAmountCents: 100_000,
      maxAmountCents: 500_000,
      maxCoFundingPercent: 100,
      opensAt: '2026-01-01T00:00:00+01:00',
      closesAt: '2030-12-31T23:59:59+01:00',
      region: { postcodeRanges: [['7400', '7799']] },
      targetGroups: ['jobseeker', 'employee', 'career-switcher'],
      trainingKinds: ['upskilling', 'reskilling'],
      milestones: [100],
      targets: { vouchers: 100 },
      fourEyes: true,
      voucherValidityDays: 365,
    }),
  });
  if (programme.status !== 201) throw new Error(`pages: programme answered ${programme.status}`);
  const submitted = await fetch(`${api.url}/api/v1/applications`, {
    method: 'POST',
    headers: json(applicant),
    body: submitBody(code),
  });
  const { id } = (await submitted.json()) as { id: string };
  const cookie = await login(api.url, person);

  const paths = { start: '/', application: `/applications/${id}` };
  const dir = mkdtempSync(join(tmpdir(), 'vv-bench-pages-'));
  const files = { start: join(dir, 'start.html'), application: join(dir, 'application.html') };
  for (const [name, path] of Object.entries(paths) as ['start' | 'application', string][]) {
    const reply = await fetch(`${api.url}${path}`, { headers: { cookie } });
    if (reply.status !== 200) throw new Error(`pages: ${path} answered ${reply.status}`);
    writeFileSync(files[name], await reply.text());
  }
  const reference = await ctx.child('pages-reference', 'pages-reference', {
    BENCH_PAGE_START: files.start,
    BENCH_PAGE_APPLICATION: files.application,
  });

  const seconds = ctx.quick ? 3 : 8;
  const rounds = ctx.quick ? 2 : 4;
  for (const [name, path] of Object.entries(paths)) {
    const results: Record<'ours' | 'reference', LoadResult[]> = { ours: [], reference: [] };
    const load = (side: 'ours' | 'reference', durationS: number) =>
      measureLoad(side === 'ours' ? api : reference, {
        url: (side === 'ours' ? api : reference).url,
        connections: ctx.settings.connections,
        durationS,
        method: 'GET',
        headers: { cookie, accept: 'text/html' },
        request: () => ({ path, token: '' }),
      });
    await load('ours', 2);
    await load('reference', 2);
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const)) {
        results[side].push(await load(side, seconds));
      }
    }
    const m = (side: 'ours' | 'reference', pick: (r: LoadResult) => number) => median(results[side].map(pick));
    const failures = [...results.ours, ...results.reference].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const rps = { ours: m('ours', (r) => r.rps), reference: m('reference', (r) => r.rps) };
    const label = name === 'start' ? 'start page' : "applicant's application page";
    ctx.add({
      scenario: 'pages',
      metric: `${label} req/s`,
      unit: 'req/s',
      ours: rps.ours,
      reference: rps.reference,
      referenceName: 'constant HTML, bare Fastify',
      ratio: rps.ours / rps.reference,
      note: `${ctx.settings.connections} connections, ${rounds} × ${seconds} s alternating, median${failures ? `; ${failures} failed` : ''}`,
    });
    const p99 = { ours: m('ours', (r) => r.p99Ms), reference: m('reference', (r) => r.p99Ms) };
    ctx.add({
      scenario: 'pages',
      metric: `${label} latency p99`,
      unit: 'ms',
      ours: p99.ours,
      reference: p99.reference,
      referenceName: 'constant HTML, bare Fastify',
      ratio: p99.reference / p99.ours,
    });
  }

  // The apply page as a browser loads it: HTML, stylesheet, script.
  const apply = await fetch(`${api.url}/apply/${code}/training`, { headers: { cookie } });
  const html = await apply.text();
  const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  let bytes = Buffer.byteLength(html);
  for (const asset of assets) bytes += (await (await fetch(`${api.url}${asset}`)).arrayBuffer()).byteLength;
  ctx.add({
    scenario: 'pages',
    metric: 'apply page weight (HTML + CSS + JS)',
    unit: 'KB',
    ours: bytes / 1024,
    reference: null,
    ratio: null,
    goal: '< 150 KB',
    met: bytes < 150 * 1024,
    note: `${assets.length} assets, uncompressed`,
  });
  await ctx.retire('pages-reference');
}
