import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { ENTITIES } from './entities';
import { QueuesModule } from './platform/queue/queues.module';
import { StaffModule } from './features/staff/staff.module';
import { RedisModule } from './platform/redis/redis.module';
import { ScanningModule } from './platform/scanning/scanning.module';
import { StorageModule } from './platform/storage/storage.module';

/** What both roles stand on: config, PostgreSQL, Redis, the queues, document storage and scanning, the staff directory. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const modules = [
      ConfigModule.forRoot(config),
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
