import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { ApiModule } from './entry/api/api.module';
import { WebModule } from './entry/web/web.module';
import { AuthModule } from './platform/auth/auth.module';
import { AppConfig } from './platform/config/app-config';
import { HealthModule } from './platform/health/health.module';

/** The api role: platform, the JSON API, the web pages and health. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), AuthModule, HealthModule, ApiModule, WebModule],
    };
  }
}
