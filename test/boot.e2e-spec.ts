import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Starts the api entry point as a real process and returns what it printed and how it ended. */
function boot(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, '../src/main.ts')],
    {
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(__dirname, '../tsconfig.json'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: result.status, lines: result.stderr.trim().split('\n').filter(Boolean) };
}

const good = {
  AUTH_JWT_SECRET: 'a-secret-of-enough-length',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PORT: '0',
  LOG_LEVEL: 'silent',
};

describe('boot', () => {
  it('stops on a bad DATABASE_URL with one line naming it', () => {
    const { status, lines } = boot({ ...good, DATABASE_URL: 'not-a-url' });
    expect(status).toBe(1);
    expect(lines).toEqual(['Invalid configuration: DATABASE_URL must look like postgres://user@host:5432/database']);
  });

  it('stops without AUTH_JWT_SECRET in local mode with one line naming it', () => {
    const { AUTH_JWT_SECRET, ...rest } = good;
    void AUTH_JWT_SECRET;
    const { status, lines } = boot(rest);
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('AUTH_JWT_SECRET');
  });

  it('says to start PostgreSQL when it cannot be reached, without a stack trace', () => {
    const { status, lines } = boot({ ...good, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/vakvoucher' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1 .*start it/);
  });

  it('says to start Redis when it cannot be reached, without a stack trace', () => {
    const { status, lines } = boot({ ...good, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach Redis at 127\.0\.0\.1:1 .*start it/);
  });

  describe('with a Redis that evicts keys', () => {
    const port = 16379 + (process.pid % 1000);
    let redis: ChildProcess;
    beforeAll(async () => {
      redis = spawn('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'allkeys-lru',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    afterAll(() => redis.kill());

    it('refuses to start, saying BullMQ needs noeviction', () => {
      const { status, lines } = boot({ ...good, REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(status).toBe(1);
      expect(lines).toEqual([
        'Redis evicts keys (maxmemory-policy allkeys-lru) and would lose queued jobs: set maxmemory-policy noeviction (redis-cli config set maxmemory-policy noeviction).',
      ]);
    });
  });

  it('says to run the migrations when the database does not exist', () => {
    const { status, lines } = boot({ ...good, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vv_no_such_db' });
    expect(status).toBe(1);
    expect(lines).toEqual(['PostgreSQL has no database "vv_no_such_db": run `npm run db:migrate`, which creates it.']);
  });
});
