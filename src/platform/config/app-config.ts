import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

const SECRET_MESSAGE = 'AUTH_JWT_SECRET is required when AUTH_MODE=local: at least 16 characters';

/**
 * The whole environment of the process, validated once at boot. Everything that reads a
 * setting reads it from here, never from process.env.
 */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, {
    message: 'DATABASE_URL must look like postgres://user@host:5432/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vakvoucher';

  @Matches(/^rediss?:\/\/[^/]+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key; tests and benchmarks give each run its own. */
  @IsString()
  @Matches(/^[{}A-Za-z0-9:_-]+$/, {
    message: 'REDIS_PREFIX may hold letters, digits, : _ - and {} (cluster hash tags)',
  })
  REDIS_PREFIX = 'vv';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['api', 'worker', 'all'])
  ROLE: 'api' | 'worker' | 'all' = 'api';

  @IsIn(['local', 'oidc'])
  AUTH_MODE: 'local' | 'oidc' = 'local';

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'local')
  @IsString({ message: SECRET_MESSAGE })
  @MinLength(16, { message: SECRET_MESSAGE })
  AUTH_JWT_SECRET?: string;

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @IsString({ message: 'AUTH_ISSUER is required when AUTH_MODE=oidc' })
  AUTH_ISSUER?: string;

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @IsString({ message: 'AUTH_AUDIENCE is required when AUTH_MODE=oidc' })
  AUTH_AUDIENCE?: string;

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'AUTH_JWKS_URL must be an http(s) URL when AUTH_MODE=oidc' },
  )
  AUTH_JWKS_URL?: string;

  /**
   * The web login's client at the issuer (AUTH_MODE=oidc): authorization code with PKCE. Without
   * it the JSON API still verifies the issuer's tokens, and /login says browser login is not set up.
   */
  @ValidateIf((c: AppConfig) => c.AUTH_CLIENT_ID !== undefined)
  @IsString()
  AUTH_CLIENT_ID?: string;

  @ValidateIf((c: AppConfig) => c.AUTH_CLIENT_SECRET !== undefined)
  @IsString()
  AUTH_CLIENT_SECRET?: string;

  /**
   * The address people reach the pages at, without a trailing slash: links in mails, the OIDC
   * redirect (/auth/callback), and Secure cookies when it is https. Default http://localhost:PORT.
   */
  @ValidateIf((c: AppConfig) => c.PUBLIC_URL !== undefined)
  @Matches(/^https?:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/, {
    message: 'PUBLIC_URL must be an http(s) URL without a trailing slash, like https://vakvoucher.example.nl',
  })
  PUBLIC_URL?: string;

  /** production switches off the demo login (AUTH_MODE=local's buttons) and the local mailbox page. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** A browser session ends after this many seconds without a request (default 15 minutes)… */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  SESSION_IDLE_SECONDS = 15 * 60;

  /** …and this many seconds after login whatever happens (default 12 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 86_400)
  SESSION_MAX_SECONDS = 12 * 60 * 60;

  /**
   * Oldest token the verifier accepts, in seconds since its `iat` (default 12 hours), whatever
   * its `exp` says; tokens without `iat` or `exp` are refused.
   */
  @Transform(toInt)
  @IsInt({ message: 'AUTH_MAX_TOKEN_AGE must be a whole number of seconds' })
  @Min(60, { message: 'AUTH_MAX_TOKEN_AGE must be at least 60 seconds' })
  @Max(30 * 86_400, { message: 'AUTH_MAX_TOKEN_AGE must be at most 2592000 seconds (30 days)' })
  AUTH_MAX_TOKEN_AGE = 12 * 60 * 60;

  /**
   * Where mail goes. Unset: every mail is kept in the local mailbox (a table), which the pages
   * show at /dev/mailbox in local mode, so a fresh machine needs no mail server.
   */
  @ValidateIf((c: AppConfig) => c.SMTP_URL !== undefined)
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must look like smtp://host:1025' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Vakvoucher <noreply@vakvoucher.local>';

  /** Largest request body the api accepts, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 64 * 1024;

  /** Connections in the PostgreSQL pool of one process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  /** Jobs one worker process runs at once, per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 16;

  /**
   * Eligibility jobs one worker process runs at once. Higher than the rest: the checks of
   * concurrent jobs share one load and one store statement, so more at once means bigger
   * batches, not more connections (bench: 0.25x of a bare worker at 16, 0.5x at 256).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  ELIGIBILITY_CONCURRENCY = 128;

  /**
   * How long a worker's lock on a job lasts before another worker may take the job over
   * (BullMQ lockDuration; stalled jobs are looked for at half this interval).
   */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  /** How old an unsent e-mail row must be before a retry takes it over from an attempt that died. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  MAIL_RESEND_AFTER_SECONDS = 60;

  /** Whether this worker declares the repeating jobs (expiry, digests, reports, safety nets). */
  @IsIn(['on', 'off'])
  JOB_SCHEDULES: 'on' | 'off' = 'on';

  /** Queues this worker process serves, comma separated; empty for all of them. */
  @Matches(
    /^$|^(eligibility|notifications|milestones|maintenance)(,(eligibility|notifications|milestones|maintenance))*$/,
    {
      message: 'WORKER_QUEUES must list queues among eligibility, notifications, milestones, maintenance',
    },
  )
  WORKER_QUEUES = '';

  /** How long a process keeps a programme it read for submits and transitions (0: not at all). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  PROGRAMME_CACHE_MS = 1000;

  /** How long a request waits for a free database connection before it gets 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DB_POOL_WAIT_MS = 5000;

  /**
   * Grants of one programme queue on its row lock in the database anyway; this many at once
   * per process may hold a connection for it, the others wait in memory.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  GRANTS_IN_FLIGHT_PER_PROGRAMME = 3;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

const OPTIONAL_KEYS = [
  'AUTH_JWT_SECRET',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_CLIENT_ID',
  'AUTH_CLIENT_SECRET',
  'SMTP_URL',
  'PUBLIC_URL',
];

/** The address of the pages: PUBLIC_URL, or http://localhost:PORT. */
export function publicUrl(config: AppConfig): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and validates the environment; throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = new Set(Object.keys(new AppConfig()).concat(OPTIONAL_KEYS));
  const defined = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''),
  );
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const message = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
        return message.startsWith(e.property) ? message : `${e.property} ${message}`;
      }),
    );
  }
  return config;
}
