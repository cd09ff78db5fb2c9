import { randomBytes } from 'node:crypto';
import { createMigratedDatabase } from './test-database';

/** One migrated template per test run; each test file copies it into a database of its own. */
export default async function globalSetup(): Promise<void> {
  const run = `vv_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `${run}_template`;
  await createMigratedDatabase(template);
  process.env.VV_TEST_RUN = run;
  process.env.VV_TEST_TEMPLATE = template;
}
