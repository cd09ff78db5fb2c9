import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '../../platform/metrics/metrics-registry';
import { APPLICATION_STATUSES } from '../applications/application-status';
import { ProgrammesService } from '../programmes/programmes.service';
import { compactAllReportDeltas, statusCounts } from './report-counters';

const euros = (cents: number) => cents / 100;

/**
 * The business gauges of the api's /metrics, from what is counted anyway: applications per
 * programme and status from the report counters, vouchers and money from the programme rows.
 * Like a report, a scrape first folds the pending deltas (when no other compaction holds them;
 * it never waits), so what it reads is the rollups plus the few deltas since: its cost grows
 * neither with the applications nor with the time since the last compaction job
 * (docs/architecture.md, "Why reports stay fast"). Every replica reports the same values:
 * aggregate with max by.
 */
@Injectable()
export class ReportMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    const applications = this.metrics.gauge({
      name: 'vakvoucher_applications',
      help: 'Applications per programme and status (from the report counters)',
      labelNames: ['programme', 'status'],
    });
    // A counter: a programme's granted count never goes down (a withdrawal does not free an ordinal).
    const granted = this.metrics.counter({
      name: 'vakvoucher_vouchers_granted_total',
      help: 'Vouchers granted per programme since it opened',
      labelNames: ['programme'],
    });
    const budget = this.metrics.gauge({
      name: 'vakvoucher_budget_euros',
      help: 'Budget of each programme, in euros',
      labelNames: ['programme'],
    });
    const committed = this.metrics.gauge({
      name: 'vakvoucher_budget_committed_euros',
      help: 'Money committed to granted vouchers not yet completed, per programme, in euros',
      labelNames: ['programme'],
    });
    const spent = this.metrics.gauge({
      name: 'vakvoucher_budget_spent_euros',
      help: 'Money spent on completed vouchers, per programme, in euros',
      labelNames: ['programme'],
    });
    this.metrics.onScrape('programmes', async () => {
      const [counters, counts] = await Promise.all([
        this.programmes.allCounters(),
        compactAllReportDeltas(this.db).then(() => statusCounts(this.db)),
      ]);
      const codes = new Map(counters.map((p) => [p.id, p.code]));
      for (const gauge of [applications, budget, committed, spent]) gauge.reset();
      granted.reset();
      for (const p of counters) {
        const labels = { programme: p.code };
        granted.inc(labels, p.grantedCount);
        budget.set(labels, euros(p.budgetCents));
        committed.set(labels, euros(p.committedCents));
        spent.set(labels, euros(p.spentCents));
        // Every status of every programme, zeros included: the series stay the same from scrape to scrape.
        for (const status of APPLICATION_STATUSES) applications.set({ ...labels, status }, 0);
      }
      for (const c of counts) {
        const programme = codes.get(c.programmeId);
        if (programme) applications.set({ programme, status: c.status }, c.count);
      }
    });
  }
}
