import Fastify, { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { parseExposition } from '../../test/support/prometheus';

/**
 * The floor for a scrape: a prom-client registry with the same families and series as `text`
 * (our api's exposition), every value a constant, nothing refreshed, served by plain Fastify.
 * What our /metrics costs beyond it is reading the queues, the outbox and the counters.
 */
export function constantRegistry(text: string): Registry {
  const { types, samples } = parseExposition(text);
  const registry = new Registry();
  const labelNamesOf = (names: string[], except: string[] = []) =>
    [...new Set(samples.filter((s) => names.includes(s.name)).flatMap((s) => Object.keys(s.labels)))].filter(
      (k) => !except.includes(k),
    );
  for (const [name, type] of types) {
    if (type === 'histogram') {
      const buckets = samples.filter((s) => s.name === `${name}_bucket`);
      const histogram = new Histogram({
        name,
        help: name,
        labelNames: labelNamesOf([`${name}_bucket`], ['le']),
        buckets: [...new Set(buckets.map((s) => s.labels.le).filter((le) => le !== '+Inf'))].map(Number),
        registers: [registry],
      });
      const series = new Map(buckets.map(({ labels: { le: _le, ...labels } }) => [JSON.stringify(labels), labels]));
      for (const labels of series.values()) histogram.observe(labels, 0.01);
      continue;
    }
    const own = samples.filter((s) => s.name === name);
    const spec = { name, help: name, labelNames: labelNamesOf([name]), registers: [registry] };
    if (type === 'counter') {
      const counter = new Counter(spec);
      for (const s of own) counter.inc(s.labels, 1);
    } else {
      const gauge = new Gauge(spec);
      for (const s of own) gauge.set(s.labels, 1);
    }
  }
  return registry;
}

export function createMetricsReferenceServer(text: string): FastifyInstance {
  const registry = constantRegistry(text);
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return server;
}
