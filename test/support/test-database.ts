import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/platform/database/migrations';

/** The server's maintenance database, from which test databases are made and dropped. */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` and brings it to the latest migration. */
export async function createMigratedDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const source = new DataSource({ type: 'postgres', url: databaseUrl(name), migrations: MIGRATIONS });
  await source.initialize();
  try {
    await source.runMigrations({ transaction: 'each' });
  } finally {
    await source.destroy();
  }
}

/** A fresh database for one test file, copied from the run's migrated template. */
export async function createTestDatabase(): Promise<string> {
  const template = process.env.VV_TEST_TEMPLATE;
  const name = `${process.env.VV_TEST_RUN ?? 'vv_test_adhoc'}_${randomBytes(4).toString('hex')}`;
  if (template) {
    await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  } else {
    await createMigratedDatabase(name);
  }
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
