import type { FastifyInstance } from 'fastify';
import { problem } from '../http/problem-details';
import { DURATION_BUCKETS, MetricsRegistry } from './metrics-registry';
import { scrapeAllowed } from './metrics-access';

export const METRICS_PATH = '/metrics';

/** The label of requests no route matched (unknown paths), so raw URLs never become labels. */
const UNMATCHED = 'unmatched';

/**
 * Counts every HTTP request and its duration by method, route template (`/api/v1/applications/:id`,
 * never the raw URL) and status code. Add it before the routes are registered. Scrapes of
 * /metrics are left out: Prometheus records its own scrapes.
 */
export function addHttpMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = metrics.counter({
    name: 'vakvoucher_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames,
  });
  const durations = metrics.histogram({
    name: 'vakvoucher_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code',
    labelNames,
    buckets: DURATION_BUCKETS,
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    if (route === METRICS_PATH) return;
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });
}

/** `GET /metrics` on the api's port: open, or behind `Bearer <token>` when a token is set. */
export function mountMetricsRoute(fastify: FastifyInstance, metrics: MetricsRegistry, token: string | undefined): void {
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!scrapeAllowed(token, request.headers.authorization)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .type('application/problem+json')
        .send(problem('unauthenticated', 'The metrics need Authorization: Bearer <METRICS_TOKEN>'));
    }
    return reply
      .header('cache-control', 'no-store')
      .type(metrics.contentType)
      .send(await metrics.render());
  });
}
