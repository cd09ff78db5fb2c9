import { withAdmin } from './test-database';

/** Drops every database this run made (the template and each test file's copy). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.VV_TEST_RUN;
  if (!run) return;
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${run}%`,
    ]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
