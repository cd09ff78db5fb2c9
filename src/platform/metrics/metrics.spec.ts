import { scrapeAllowed } from './metrics-access';
import { MetricsRegistry } from './metrics-registry';

describe('scrapeAllowed', () => {
  it('lets anyone scrape without METRICS_TOKEN', () => {
    expect(scrapeAllowed(undefined, undefined)).toBe(true);
  });

  it('needs Bearer <METRICS_TOKEN> once set', () => {
    const token = 'a-metrics-token-of-length';
    expect(scrapeAllowed(token, `Bearer ${token}`)).toBe(true);
    expect(scrapeAllowed(token, `bearer ${token}`)).toBe(true);
    for (const header of [undefined, '', token, `Bearer ${token}x`, 'Bearer', `Basic ${token}`]) {
      expect(scrapeAllowed(token, header)).toBe(false);
    }
  });
});

describe('MetricsRegistry', () => {
  it('gives the same instrument to everyone who asks for one name', () => {
    const metrics = new MetricsRegistry();
    const a = metrics.counter({ name: 'vakvoucher_test_total', help: 'test', labelNames: ['x'] });
    const b = metrics.counter({ name: 'vakvoucher_test_total', help: 'test', labelNames: ['x'] });
    expect(b).toBe(a);
  });

  it('refreshes gauges before rendering, and counts a source that fails without failing the scrape', async () => {
    const metrics = new MetricsRegistry();
    const gauge = metrics.gauge({ name: 'vakvoucher_test_gauge', help: 'test' });
    let value = 1;
    metrics.onScrape('good', async () => gauge.set(value++));
    metrics.onScrape('bad', () => Promise.reject(new Error('source away')));
    expect(await metrics.render()).toContain('vakvoucher_test_gauge 1');
    const text = await metrics.render();
    expect(text).toContain('vakvoucher_test_gauge 2');
    expect(text).toContain('vakvoucher_metrics_refresh_errors_total{source="bad"} 2');
    expect(text).toContain('vakvoucher_metrics_refresh_errors_total{source="good"} 0');
    expect(text).toContain('process_cpu_seconds_total');
  });
});
