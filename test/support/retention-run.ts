/**
 * One retention run in a process of its own, so a test can kill it mid-run (SIGKILL) and see
 * what a crash leaves. Configuration from the environment (as the worker reads it), plus
 * RETENTION_NOW (the moved clock, ISO) and RETENTION_BATCH. Prints one JSON line per committed
 * batch, `{"batch":[ids]}`, and the service's own log lines.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/platform/config/app-config';
import { MetricsRegistry } from '../../src/platform/metrics/metrics-registry';
import { RetentionService } from '../../src/features/privacy/retention.service';
import { objectStoreFor } from '../../src/platform/storage/storage.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = new DataSource({ type: 'postgres', url: config.DATABASE_URL, poolSize: 2 });
  await db.initialize();
  const retention = new RetentionService(db, config, objectStoreFor(config), new MetricsRegistry());
  await retention.removeDue(new Date(process.env.RETENTION_NOW!), {
    batchSize: Number(process.env.RETENTION_BATCH ?? 500),
    onBatch: (ids) => process.stdout.write(`${JSON.stringify({ batch: ids })}\n`),
  });
  await db.destroy();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
