import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  const valid = { AUTH_JWT_SECRET: 'a-secret-of-enough-length' };

  it('fills the defaults of docs/api.md', () => {
    const config = loadConfig(valid);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/vakvoucher');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.ROLE).toBe('api');
    expect(config.AUTH_MODE).toBe('local');
  });

  it('reads numbers from strings', () => {
    expect(loadConfig({ ...valid, PORT: '8080' }).PORT).toBe(8080);
  });

  it('names a bad DATABASE_URL in one line', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://nope' })).toEqual([
      'DATABASE_URL must look like postgres://user@host:5432/database',
    ]);
  });

  it('requires AUTH_JWT_SECRET in local mode', () => {
    const line = 'AUTH_JWT_SECRET is required when AUTH_MODE=local: at least 16 characters';
    expect(problemsOf({})).toEqual([line]);
    expect(problemsOf({ AUTH_JWT_SECRET: 'short' })).toEqual([line]);
  });

  it('requires the issuer, audience and JWKS URL in oidc mode, and no secret', () => {
    expect(problemsOf({ AUTH_MODE: 'oidc' })).toEqual([
      'AUTH_ISSUER is required when AUTH_MODE=oidc',
      'AUTH_AUDIENCE is required when AUTH_MODE=oidc',
      'AUTH_JWKS_URL must be an http(s) URL when AUTH_MODE=oidc',
      'WEBHOOK_SECRET_KEY is required outside AUTH_MODE=local: 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    ]);
  });

  it('takes a webhook key of 32 bytes, hex or base64, and refuses anything else at boot', () => {
    expect(problemsOf({ ...valid, WEBHOOK_SECRET_KEY: 'ab'.repeat(32) })).toEqual([]);
    expect(problemsOf({ ...valid, WEBHOOK_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') })).toEqual([]);
    expect(problemsOf({ ...valid, WEBHOOK_SECRET_KEY: 'too-short' })).toEqual([
      'WEBHOOK_SECRET_KEY is required outside AUTH_MODE=local: 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    ]);
  });

  it('caps token age at 12 hours unless AUTH_MAX_TOKEN_AGE says otherwise', () => {
    expect(loadConfig(valid).AUTH_MAX_TOKEN_AGE).toBe(43_200);
    expect(loadConfig({ ...valid, AUTH_MAX_TOKEN_AGE: '3600' }).AUTH_MAX_TOKEN_AGE).toBe(3600);
  });

  it.each(['x', '1.5', '59', '-1', '2592001', '3153600000'])(
    'names a bad AUTH_MAX_TOKEN_AGE=%s in one line',
    (value) => {
      const problems = problemsOf({ ...valid, AUTH_MAX_TOKEN_AGE: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^AUTH_MAX_TOKEN_AGE must be/);
    },
  );

  it('gives one line per problem', () => {
    expect(problemsOf({ PORT: 'x', ROLE: 'both', AUTH_JWT_SECRET: 'short' })).toHaveLength(3);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ ...valid, HOME: '/root' })).not.toHaveProperty('HOME');
  });

  it('reads the metrics and retention settings, with their defaults', () => {
    const config = loadConfig(valid);
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.WORKER_METRICS_PORT).toBe(9464);
    expect(config.RETENTION_YEARS).toBe(7);
    const set = loadConfig({
      ...valid,
      METRICS_TOKEN: 'a-long-enough-token',
      WORKER_METRICS_PORT: '0',
      RETENTION_YEARS: '10',
    });
    expect([set.METRICS_TOKEN, set.WORKER_METRICS_PORT, set.RETENTION_YEARS]).toEqual(['a-long-enough-token', 0, 10]);
  });

  it.each([
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'has a space in the middle'],
    ['WORKER_METRICS_PORT', '70000'],
    ['WORKER_METRICS_PORT', 'x'],
    ['WORKER_METRICS_HOST', 'localhost:9464'],
    ['RETENTION_YEARS', '0'],
    ['RETENTION_YEARS', '2.5'],
    ['RETENTION_YEARS', '101'],
  ])('names a bad %s=%s in one line', (name, value) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} must be`));
  });
});
