import 'reflect-metadata';
import { Worker } from 'bullmq';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/platform/config/app-config';
import { workerConnection } from '../../src/platform/redis/redis-options';
import { readFileSync } from 'node:fs';
import { createDashboardReference } from '../reference/dashboard-page';
import { createPagesReference } from '../reference/pages';
import { createReferenceServer } from '../reference/server';
import { createMetricsReferenceServer } from '../reference/metrics-server';

/**
 * One process of a benchmark: the api or the worker (our code, through the same factories
 * main.ts and worker.ts use), the reference server, the pages' reference, or a bare BullMQ worker. The parent forks
 * it, waits for `{ ready }` on IPC and sends `stop` when done; stopping closes everything and
 * exits normally, so `node --cpu-prof` writes its profile.
 *
 * Configuration comes from the environment, validated by loadConfig like any process of ours;
 * BENCH_ROLE picks the role and BENCH_BARE_QUEUE names the bare worker's queue;
 * BENCH_METRICS_EXPOSITION is the file whose scrape the metrics reference imitates.
 */
type Role =
  'api' | 'worker' | 'reference' | 'pages-reference' | 'dashboard-reference' | 'bare-worker' | 'metrics-reference';

interface Running {
  port?: number;
  close: () => Promise<void>;
}

async function start(role: Role): Promise<Running> {
  const config = loadConfig(process.env);
  switch (role) {
    case 'api': {
      const { createApiApp } = await import('../../src/app.factory');
      const app = await createApiApp(config);
      await app.listen(0, '127.0.0.1');
      return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
    }
    case 'worker': {
      const { createWorkerContext } = await import('../../src/worker.factory');
      const context = await createWorkerContext(config);
      return { close: () => context.close() };
    }
    case 'reference': {
      const server = await createReferenceServer({
        databaseUrl: config.DATABASE_URL,
        jwtSecret: config.AUTH_JWT_SECRET!,
        poolSize: config.DB_POOL_SIZE,
        bodyLimit: config.BODY_LIMIT_BYTES,
      });
      await server.listen({ port: 0, host: '127.0.0.1' });
      return { port: (server.server.address() as AddressInfo).port, close: () => server.close() };
    }
    case 'metrics-reference': {
      const server = createMetricsReferenceServer(readFileSync(process.env.BENCH_METRICS_EXPOSITION!, 'utf8'));
      await server.listen({ port: 0, host: '127.0.0.1' });
      return { port: (server.server.address() as AddressInfo).port, close: () => server.close() };
    }
    case 'pages-reference': {
      const server = createPagesReference({
        start: process.env.BENCH_PAGE_START ?? '',
        application: process.env.BENCH_PAGE_APPLICATION ?? '',
      });
      await server.listen({ port: 0, host: '127.0.0.1' });
      return { port: (server.server.address() as AddressInfo).port, close: () => server.close() };
    }
    case 'dashboard-reference': {
      const server = createDashboardReference(process.env.BENCH_PAGE_DASHBOARD ?? '');
      await server.listen({ port: 0, host: '127.0.0.1' });
      return { port: (server.server.address() as AddressInfo).port, close: () => server.close() };
    }
    case 'bare-worker': {
      // The floor for a BullMQ consumer here: same Redis, same connection options and
      // concurrency as our workers, a processor that does nothing.
      const worker = new Worker(process.env.BENCH_BARE_QUEUE ?? 'eligibility', () => Promise.resolve(), {
        connection: workerConnection(config),
        prefix: config.REDIS_PREFIX,
        concurrency: config.ELIGIBILITY_CONCURRENCY,
      });
      await worker.waitUntilReady();
      return { close: () => worker.close() };
    }
  }
}

async function main(): Promise<void> {
  const role = process.env.BENCH_ROLE as Role;
  const running = await start(role);
  process.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    const timer = setTimeout(() => process.exit(0), 10_000);
    timer.unref();
    running
      .close()
      .catch((error: Error) => process.stderr.write(`bench ${role}: close failed: ${error.message}\n`))
      .finally(() => process.exit(0));
  });
  process.send?.({ ready: true, port: running.port });
}

main().catch((error: Error) => {
  process.stderr.write(`bench ${process.env.BENCH_ROLE}: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
