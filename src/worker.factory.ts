import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './platform/config/app-config';
import { createLogger, NestPinoLogger } from './platform/logging/logger';
import { WorkerModule } from './worker.module';
import { MetricsRegistry } from './platform/metrics/metrics-registry';

/**
 * The worker role, started: relay, processors and schedulers run once this resolves. Pass the
 * api's `metrics` when both roles run in one process, so one scrape shows both.
 */
export async function createWorkerContext(
  config: AppConfig,
  metrics: MetricsRegistry = new MetricsRegistry(),
): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, metrics), {
    logger: new NestPinoLogger(createLogger(config)),
    abortOnError: false,
  });
  context.enableShutdownHooks();
  await context.init();
  return context;
}
