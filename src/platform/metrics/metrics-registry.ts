import { Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

interface Instrument<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** Seconds-based buckets for request and job durations (5 ms to 10 s). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const REFRESH_LOG_INTERVAL_MS = 60_000;

/**
 * The Prometheus registry of one process (or of one api + worker pair in `npm start` and the
 * tests): the process metrics, the instruments code registers, and the gauges refreshed at each
 * scrape. Instruments are created once by name, so two services asking for one get the same.
 *
 * Gauges of state kept elsewhere (queues, outbox, report counters) are refreshed by their
 * `onScrape` sources, in parallel, right before the text is rendered; a source that fails leaves
 * its gauges empty for that scrape (rather than stale) and counts in
 * `vakvoucher_metrics_refresh_errors_total`.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly sources = new Map<string, () => Promise<void>>();
  private readonly refreshErrors: Counter<'source'>;
  private readonly logger = new Logger('Metrics');
  private lastLogged = 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.refreshErrors = this.counter({
      name: 'vakvoucher_metrics_refresh_errors_total',
      help: 'Scrapes whose source of gauges failed, by source',
      labelNames: ['source'],
    });
  }

  counter<L extends string = never>(spec: Instrument<L>): Counter<L> {
    return this.existing<Counter<L>>(spec.name) ?? new Counter<L>({ ...spec, registers: [this.registry] });
  }

  gauge<L extends string = never>(spec: Instrument<L>): Gauge<L> {
    return this.existing<Gauge<L>>(spec.name) ?? new Gauge<L>({ ...spec, registers: [this.registry] });
  }

  histogram<L extends string = never>(spec: Instrument<L> & { buckets?: number[] }): Histogram<L> {
    return this.existing<Histogram<L>>(spec.name) ?? new Histogram<L>({ ...spec, registers: [this.registry] });
  }

  /** Refreshes gauges from `source` before each scrape; one function per source name. */
  onScrape(source: string, refresh: () => Promise<void>): void {
    this.sources.set(source, refresh);
    this.refreshErrors.inc({ source }, 0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition, after every source refreshed its gauges. */
  async render(): Promise<string> {
    await Promise.all(
      [...this.sources].map(([source, refresh]) =>
        refresh().catch((error: Error) => {
          this.refreshErrors.inc({ source });
          if (Date.now() - this.lastLogged < REFRESH_LOG_INTERVAL_MS) return;
          this.lastLogged = Date.now();
          this.logger.warn(`metrics source ${source} failed: ${error.message}`);
        }),
      ),
    );
    return this.registry.metrics();
  }

  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined;
  }
}
