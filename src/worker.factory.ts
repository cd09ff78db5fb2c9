import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './platform/config/app-config';
import { createLogger, NestPinoLogger } from './platform/logging/logger';
import { WorkerModule } from './worker.module';

/** The worker role, started: relay, processors and schedulers run once this resolves. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new NestPinoLogger(createLogger(config)),
    abortOnError: false,
  });
  context.enableShutdownHooks();
  await context.init();
  return context;
}
