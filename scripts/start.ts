import 'reflect-metadata';
import { createApiApp } from '../src/app.factory';
import { checkServicesOrExit, exitWith, loadConfigOrExit } from '../src/platform/config/boot';
import { migrate } from '../src/platform/database/migrate';
import { seedDemo } from '../src/entry/seed/demo-seed';
import { DEV_JWT_SECRET } from '../src/platform/auth/token-signer';
import { createWorkerContext } from '../src/worker.factory';
import { MetricsRegistry } from '../src/platform/metrics/metrics-registry';

/**
 * `npm start`: the whole system on one machine — create and migrate the database, seed the
 * demo data, then serve the api and run the worker in this one process. Production runs `start:api` and `start:worker` instead, which
 * demand every secret explicitly.
 */
async function main() {
  if (!process.env.AUTH_JWT_SECRET && (process.env.AUTH_MODE ?? 'local') === 'local') {
    process.env.AUTH_JWT_SECRET = DEV_JWT_SECRET;
    process.stderr.write('AUTH_JWT_SECRET is not set: using the development secret (npm start only)\n');
  }
  const config = loadConfigOrExit();
  const server = { ...config, DATABASE_URL: config.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, '/postgres$1') };
  await checkServicesOrExit(server);
  await migrate(config);
  // One process, one registry: the api's /metrics shows the worker's jobs and mails too.
  const metrics = new MetricsRegistry();
  const worker = await createWorkerContext(config, metrics);
  await seedDemo(worker);
  const app = await createApiApp(config, metrics);
  await app.listen(config.PORT, '0.0.0.0');
  console.log(`Vakvoucher listens on http://localhost:${config.PORT} (API docs: /api/docs)`);
}

main().catch((error) => exitWith([`Start failed: ${(error as Error).message}`]));
