import { Client } from 'pg';
import Redis from 'ioredis';
import { AppConfig, ConfigError, loadConfig } from './app-config';

/** Stops the process with one line per problem: what a person must fix, not a stack trace. */
export function exitWith(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.problems.map((p) => `Invalid configuration: ${p}`));
    throw error;
  }
}

const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
};

/** A sentence saying what to start or run when PostgreSQL is not as expected, or null when it is fine. */
export async function postgresProblem(config: AppConfig): Promise<string | null> {
  const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const database = new URL(config.DATABASE_URL).pathname.slice(1);
    if (code === '3D000')
      return `PostgreSQL has no database "${database}": run \`npm run db:migrate\`, which creates it.`;
    if (code === '28P01' || code === '28000') return `PostgreSQL refused the user in DATABASE_URL: check DATABASE_URL.`;
    return (
      `Cannot reach PostgreSQL at ${where(config.DATABASE_URL)} (${code ?? (error as Error).message}): ` +
      'start it (docker compose up -d postgres, or pg_ctlcluster 15 main start) or fix DATABASE_URL.'
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** BullMQ loses jobs when Redis evicts keys: refuse anything but noeviction. */
async function evictionProblem(redis: Redis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy').catch(() => null)) as string[] | null;
  const policy = reply?.[1];
  if (policy === undefined || policy === 'noeviction') return null; // CONFIG may be disabled by a host
  return (
    `Redis evicts keys (maxmemory-policy ${policy}) and would lose queued jobs: ` +
    'set maxmemory-policy noeviction (redis-cli config set maxmemory-policy noeviction).'
  );
}

export async function redisProblem(config: AppConfig): Promise<string | null> {
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return await evictionProblem(redis);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return (
      `Cannot reach Redis at ${where(config.REDIS_URL)} (${code ?? (error as Error).message}): ` +
      'start it (docker compose up -d redis, or redis-server) or fix REDIS_URL.'
    );
  } finally {
    redis.disconnect();
  }
}

/** Checks both services before anything boots, so a missing one reads as a sentence. */
export async function checkServicesOrExit(config: AppConfig): Promise<void> {
  const problems = (await Promise.all([postgresProblem(config), redisProblem(config)])).filter(
    (p): p is string => p !== null,
  );
  if (problems.length > 0) exitWith(problems);
}
