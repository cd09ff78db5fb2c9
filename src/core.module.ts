import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './jobs/queues.module';
import { StaffModule } from './modules/staff/staff.module';
import { RedisModule } from './redis/redis.module';

/** What both roles stand on: config, PostgreSQL, Redis, the queues, the staff directory. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const modules = [
      ConfigModule.forRoot(config),
      DatabaseModule,
      RedisModule,
      QueuesModule,
      StaffModule,
    ];
    return { module: CoreModule, imports: modules, exports: modules };
  }
}
