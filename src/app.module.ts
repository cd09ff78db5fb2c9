import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { ApiModule } from './entry/api/api.module';
import { WebModule } from './entry/web/web.module';
import { AuthModule } from './platform/auth/auth.module';
import { AppConfig } from './platform/config/app-config';
import { HealthModule } from './platform/health/health.module';
import { MetricsRegistry } from './platform/metrics/metrics-registry';
import { OutboxMetrics } from './platform/outbox/outbox-metrics.service';
import { QueueMetrics } from './platform/queue/queue-metrics.service';
import { ProgrammesModule } from './features/programmes/programmes.module';
import { ReportMetrics } from './features/reports/report-metrics.service';

/**
 * The api role: platform, the JSON API, the web pages and health, and the gauges its /metrics
 * reports about the whole system (queues, outbox, programmes); the worker's metrics are about
 * its own work.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, metrics?: MetricsRegistry): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, metrics), AuthModule, HealthModule, ApiModule, WebModule, ProgrammesModule],
      providers: [QueueMetrics, OutboxMetrics, ReportMetrics],
    };
  }
}
