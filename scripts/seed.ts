import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { checkServicesOrExit, exitWith, loadConfigOrExit } from '../src/platform/config/boot';
import { seedDemo } from '../src/entry/seed/demo-seed';
import { SeedModule } from '../src/seed.module';
import { main as seedBulk } from './seed-bulk';

/**
 * npm run seed: the demo programmes and applications (once per database);
 * npm run seed -- --applications N [--programme code]: N applications in bulk (scripts/seed-bulk.ts).
 */
async function main() {
  if (process.argv.includes('--applications')) return seedBulk(process.argv.slice(2));
  const config = loadConfigOrExit({ AUTH_JWT_SECRET: 'not-used-by-the-seed', ...process.env });
  await checkServicesOrExit(config);
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config), { logger: ['error'] });
  try {
    await seedDemo(app);
  } finally {
    await app.close();
  }
}

main().catch((error) => exitWith([`Seeding failed: ${(error as Error).message}`]));
