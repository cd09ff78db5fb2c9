import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { ENTITIES } from './entities';
import { QueuesModule } from './platform/queue/queues.module';
import { StaffModule } from './features/staff/staff.module';
import { RedisModule } from './platform/redis/redis.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { MetricsRegistry } from './platform/metrics/metrics-registry';
import { ScanningModule } from './platform/scanning/scanning.module';
import { StorageModule } from './platform/storage/storage.module';

/**
 * What both roles stand on: config, PostgreSQL, Redis, the queues, document storage and
 * scanning, the staff directory, and the metrics registry (one per process; `npm start` and
 * the tests give api and worker the same one).
 */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, metrics: MetricsRegistry = new MetricsRegistry()): DynamicModule {
    const modules = [
      ConfigModule.forRoot(config),
      MetricsModule.forRoot(metrics),
      DatabaseModule.forRoot(ENTITIES),
      RedisModule,
      QueuesModule,
      StorageModule,
      ScanningModule,
      StaffModule,
    ];
    return { module: CoreModule, imports: modules, exports: modules };
  }
}
