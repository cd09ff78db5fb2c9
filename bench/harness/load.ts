/* eslint-disable @typescript-eslint/no-require-imports */
import { BenchContext, settleOutbox } from './context';
import { applicantTokens, createProgramme, submitBody } from './data';

/** The part of autocannon's options and result the benchmarks use (it ships no types). */
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  pipelining?: number;
  sampleInt?: number;
  duration?: number;
  amount?: number;
  timeout?: number;
  requests: (AutocannonRequest & { setupRequest?: (req: AutocannonRequest) => AutocannonRequest })[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { sent: number; total: number };
  start: Date;
  finish: Date;
}
const autocannon: (options: AutocannonOptions) => Promise<AutocannonResult> = require('autocannon');

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds to run; or `amount` requests in all. */
  durationS?: number;
  amount?: number;
  method: 'POST' | 'GET';
  /** The i-th request (0-based): path, bearer token and body. */
  request: (i: number) => { path: string; token: string; body?: string };
  /** Headers to send instead of the bearer token (a page's session cookie). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Requests answered 2xx. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  durationS: number;
  /** 2xx answers per second over the whole run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  startedAt: number;
  finishedAt: number;
  /** CPU ms the server process spent per 2xx answer (measureLoad only). */
  cpuMsPerRequest?: number;
}

/** A load against a child process, with the CPU time that process spent per 2xx answer. */
export async function measureLoad(
  server: { cpuSeconds(): number },
  spec: LoadSpec,
): Promise<LoadResult & { cpuMsPerRequest: number }> {
  const before = server.cpuSeconds();
  const result = await runLoad(spec);
  const after = server.cpuSeconds();
  return { ...result, cpuMsPerRequest: ((after - before) * 1000) / Math.max(result.ok, 1) };
}

/** Runs autocannon in this process with one request template per spec; every request may differ. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let i = 0;
  const first = spec.request(0);
  const headersFor = (token: string) =>
    spec.headers ?? { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
    // autocannon notices the end of a run (and stamps `finish`) at its sample ticks: at the
    // default 1 s a run of `amount` requests would be rounded up to whole seconds.
    sampleInt: 50,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationS ?? 10 }),
    requests: [
      {
        method: spec.method,
        path: first.path,
        headers: headersFor(first.token),
        body: first.body,
        setupRequest: (req) => {
          const next = spec.request(i++);
          req.path = next.path;
          req.headers = headersFor(next.token);
          req.body = next.body;
          return req;
        },
      },
    ],
  });
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  const startedAt = new Date(result.start).getTime();
  const finishedAt = new Date(result.finish).getTime();
  const durationS = Math.max((finishedAt - startedAt) / 1000, 0.001);
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    durationS,
    rps: result['2xx'] / durationS,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    startedAt,
    finishedAt,
  };
}

/** What a submission burst measured: our api's answers, the settling after, the reference's answers. */
export interface BurstResult<T> {
  accepted: LoadResult;
  /** Seconds from our first request until the last was answered. */
  acceptS: number;
  /** What `settle` answered, and the seconds from our first request until it did. */
  settled: T;
  settledS: number;
  reference: LoadResult;
}

/**
 * A burst of `amount` submissions by as many distinct applicants, as fast as our api takes
 * them, then `settle` (waiting for our worker to finish with them); then the processes named
 * in `retire` are stopped, so no worker touches the reference's rows, and the reference takes
 * the same burst on a programme of its own. Adds the scenario's "accept rate" row.
 */
export async function submissionBurst<T>(
  ctx: BenchContext,
  spec: {
    scenario: string;
    urls: { ours: string; reference: string };
    amount: number;
    budgetCents?: number;
    retire: string[];
    note: string;
  },
  settle: (programmeId: string, accepted: LoadResult) => Promise<T>,
): Promise<BurstResult<T>> {
  const { scenario, amount } = spec;
  const connections = ctx.settings.connections;
  const tokens = await applicantTokens(`${scenario}-${ctx.runId}`, amount + connections);
  const programme = (side: 'ours' | 'ref') =>
    createProgramme(ctx.db, `bench-${scenario}-${side}-${ctx.runId}`, spec.budgetCents);
  const submit = (url: string, programmeCode: string) => {
    const body = submitBody(programmeCode);
    const request = (i: number) => ({ path: '/api/v1/applications', token: tokens[i], body });
    return runLoad({ url, connections, amount, method: 'POST', request });
  };

  const ours = await programme('ours');
  const started = Date.now();
  const accepted = await submit(spec.urls.ours, ours.code);
  const acceptS = (Date.now() - started) / 1000;
  ctx.log(
    `${scenario}: ours accepted ${accepted.ok}/${amount} in ${acceptS.toFixed(1)} s (${accepted.rps.toFixed(0)} req/s)`,
  );
  const settled = await settle(ours.id, accepted);
  const settledS = (Date.now() - started) / 1000;

  for (const name of spec.retire) await ctx.retire(name);
  await settleOutbox(ctx.db);
  const reference = await submit(spec.urls.reference, (await programme('ref')).code);
  ctx.log(
    `${scenario}: reference accepted ${reference.ok}/${amount} in ${reference.durationS.toFixed(1)} s (${reference.rps.toFixed(0)} req/s)`,
  );
  await settleOutbox(ctx.db);

  ctx.add({
    scenario,
    metric: 'accept rate',
    unit: 'req/s',
    ours: accepted.rps,
    reference: reference.rps,
    ratio: accepted.rps / reference.rps,
    note: spec.note + (accepted.non2xx ? `; non-2xx ${JSON.stringify(accepted.statusCounts)}` : ''),
  });
  return { accepted, acceptS, settled, settledS, reference };
}
