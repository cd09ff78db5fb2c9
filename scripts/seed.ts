import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { checkServicesOrExit, exitWith, loadConfigOrExit } from '../src/config/boot';
import { seedDemo } from '../src/database/seed/demo-seed';

/** npm run seed: the demo programmes and applications (once per database). */
async function main() {
  const config = loadConfigOrExit({ AUTH_JWT_SECRET: 'not-used-by-the-seed', ...process.env });
  await checkServicesOrExit(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    await seedDemo(app);
  } finally {
    await app.close();
  }
}

main().catch((error) => exitWith([`Seeding failed: ${error.message}`]));
