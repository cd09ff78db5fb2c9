import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../src/platform/config/app-config';
import { applicationBody, TestApp } from './support';
import { namesOf, parseExposition } from './support/prometheus';
import { SmtpCatcher } from './support/smtp-catcher';
import { WorkerMetricsServer } from '../src/platform/metrics/worker-metrics-server.service';

type Json = any;
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The metric names a PromQL expression uses (ours all start with one of these prefixes). */
const METRIC = /\b(?:vakvoucher|process|nodejs)_[a-z0-9_]+\b/g;

/**
 * Issue 14: the provisioned Grafana dashboard uses only metrics the app exposes, and the
 * docker-compose files point Prometheus and Grafana at what exists.
 */
describe('the Grafana dashboard and the Prometheus setup', () => {
  const dashboard: Json = JSON.parse(read('ops/grafana/dashboards/vakvoucher.json'));
  const panels: Json[] = dashboard.panels.filter((p: Json) => p.type !== 'row');
  let t: TestApp;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ env: { SMTP_URL: smtp.url }, worker: true });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('covers queues, outbox lag, request rate and latency, grants per hour and budget per programme', () => {
    const titles = panels.map((p) => p.title.toLowerCase());
    for (const topic of [
      'queue depth',
      'outbox lag',
      'request rate',
      'latency',
      'grants per hour',
      'budget per programme',
    ]) {
      expect(titles.filter((title) => title.includes(topic))).toHaveLength(1);
    }
    for (const panel of panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.expr.match(METRIC)?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('uses only metric names that a scrape of the api and the worker offers', async () => {
    // Some traffic first, so the families that only exist once used (histogram buckets by route) show.
    const programme = await t.newProgramme();
    const applicant = await t.applicant();
    expect((await applicant.post('/api/v1/applications', applicationBody(programme.code))).status).toBe(201);
    await t.drain();
    const api = parseExposition((await t.anonymous.get('/metrics')).body as string);
    const port = t.worker!.get(WorkerMetricsServer).port!;
    const worker = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    const offered = new Set([...namesOf(api), ...namesOf(worker)]);
    const used = [...new Set(panels.flatMap((p) => p.targets.flatMap((x: Json) => x.expr.match(METRIC) ?? [])))];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !offered.has(name))).toEqual([]);
  });

  it('is provisioned from the files docker-compose mounts, and Prometheus scrapes the ports the app uses', () => {
    const compose: Json = load(read('docker-compose.yml'));
    const mounts = (service: string) =>
      (compose.services[service].volumes as string[])
        .filter((v) => v.startsWith('./'))
        .map((v) => {
          const [source, target] = v.split(':');
          return { source, target };
        });
    for (const service of ['prometheus', 'grafana']) {
      for (const { source } of mounts(service)) expect(existsSync(join(ROOT, source))).toBe(true);
    }
    const grafana = mounts('grafana');
    const provider: Json = load(read('ops/grafana/provisioning/dashboards/vakvoucher.yml'));
    const dashboardsAt = grafana.find((m) => m.source === './ops/grafana/dashboards')!.target;
    expect(provider.providers[0].options.path).toBe(dashboardsAt);
    const datasource: Json = load(read('ops/grafana/provisioning/datasources/prometheus.yml'));
    const uids = new Set(panels.flatMap((p) => [p.datasource.uid, ...p.targets.map((x: Json) => x.datasource.uid)]));
    expect([...uids]).toEqual([datasource.datasources[0].uid]);

    const prometheus: Json = load(read('ops/prometheus/prometheus.yml'));
    const targets = prometheus.scrape_configs.flatMap((c: Json) => c.static_configs.flatMap((s: Json) => s.targets));
    const defaults = loadConfig({ AUTH_JWT_SECRET: 'not-used-by-this-test' });
    expect(targets.sort()).toEqual([
      `api:${compose.services.api.environment.PORT}`,
      `worker:${defaults.WORKER_METRICS_PORT}`,
    ]);
    expect(compose.services.worker.expose).toEqual([String(defaults.WORKER_METRICS_PORT)]);
  });
});
