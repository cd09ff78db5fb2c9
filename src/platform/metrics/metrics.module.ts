import { DynamicModule, Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';

/** Makes the process's MetricsRegistry injectable everywhere; the composition root creates it. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(metrics: MetricsRegistry): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: MetricsRegistry, useValue: metrics }],
      exports: [MetricsRegistry],
    };
  }
}
