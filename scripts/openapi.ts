import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module';
import { buildOpenApiDocument } from '../src/openapi';
import { loadConfig } from '../src/platform/config/app-config';

/**
 * Writes the OpenAPI document the api serves at /api/docs-json to a file (default
 * dist/openapi.json), without PostgreSQL or Redis: Nest's preview mode reads the controllers'
 * metadata but starts no provider. `npm run lint:api` lints that file.
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/openapi.json');
  const config = loadConfig({
    ...process.env,
    AUTH_MODE: 'local',
    AUTH_JWT_SECRET: 'only-for-reading-the-document',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`openapi: wrote ${out}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
