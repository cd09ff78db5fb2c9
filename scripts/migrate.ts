import 'reflect-metadata';
import { exitWith, loadConfigOrExit, postgresProblem } from '../src/platform/config/boot';
import { migrate } from '../src/platform/database/migrate';

async function main() {
  // Migrations need no token secret; the api checks its own settings when it starts.
  const config = loadConfigOrExit({ AUTH_JWT_SECRET: 'not-used-by-migrations', ...process.env });
  const problem = await postgresProblem({
    ...config,
    DATABASE_URL: config.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, '/postgres$1'),
  });
  if (problem) exitWith([problem]);
  await migrate(config);
}

main().catch((error) => exitWith([`Migration failed: ${(error as Error).message}`]));
