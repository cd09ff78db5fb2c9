/* eslint-disable @typescript-eslint/no-require-imports */

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
