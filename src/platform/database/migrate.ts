import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';

/** Creates the database when it is missing (on the same server), then runs pending migrations. */
export async function migrate(config: AppConfig, log: (line: string) => void = console.log): Promise<void> {
  const url = new URL(config.DATABASE_URL);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      log(`Created database ${database}`);
    }
  } finally {
    await admin.end();
  }

  const source = createDataSource(config);
  await source.initialize();
  try {
    const applied = await source.runMigrations({ transaction: 'each' });
    log(
      applied.length ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'Database schema is up to date',
    );
  } finally {
    await source.destroy();
  }
}
