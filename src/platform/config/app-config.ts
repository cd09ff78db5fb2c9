import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

const WEBHOOK_KEY_MESSAGE =
  'WEBHOOK_SECRET_KEY is required outside AUTH_MODE=local: 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)';

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
    /^$|^(eligibility|notifications|milestones|maintenance|documents|allocation|webhooks)(,(eligibility|notifications|milestones|maintenance|documents|allocation|webhooks))*$/,
    {
      message:
        'WORKER_QUEUES must list queues among eligibility, notifications, milestones, maintenance, documents, allocation, webhooks',
    },
  )
  WORKER_QUEUES = '';

  /** Where uploaded documents are kept: a local folder (`file`) or an S3-compatible store (`s3`). */
  @IsIn(['file', 's3'], { message: 'DOCUMENT_STORE must be file or s3' })
  DOCUMENT_STORE: 'file' | 's3' = 'file';

  /** The folder of DOCUMENT_STORE=file (relative to the working directory, or absolute). */
  @IsString()
  @MinLength(1)
  DOCUMENT_DIR = 'var/documents';

  /** Largest document an upload may carry, in bytes (the multipart limit of the upload route only). */
  @Transform(toInt)
  @IsInt({ message: 'DOCUMENT_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'DOCUMENT_MAX_BYTES must be at least 1024' })
  @Max(100 * 1024 * 1024, { message: 'DOCUMENT_MAX_BYTES must be at most 104857600 (100 MiB)' })
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  @ValidateIf((c: AppConfig) => c.DOCUMENT_STORE === 's3')
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'S3_ENDPOINT must be an http(s) URL when DOCUMENT_STORE=s3' },
  )
  S3_ENDPOINT?: string;

  @ValidateIf((c: AppConfig) => c.DOCUMENT_STORE === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, dashes) when DOCUMENT_STORE=s3',
  })
  S3_BUCKET?: string;

  @ValidateIf((c: AppConfig) => c.DOCUMENT_STORE === 's3')
  @IsString({ message: 'S3_ACCESS_KEY_ID is required when DOCUMENT_STORE=s3' })
  @MinLength(1, { message: 'S3_ACCESS_KEY_ID is required when DOCUMENT_STORE=s3' })
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((c: AppConfig) => c.DOCUMENT_STORE === 's3')
  @IsString({ message: 'S3_SECRET_ACCESS_KEY is required when DOCUMENT_STORE=s3' })
  @MinLength(1, { message: 'S3_SECRET_ACCESS_KEY is required when DOCUMENT_STORE=s3' })
  S3_SECRET_ACCESS_KEY?: string;

  /** The signing region; S3-compatible stores mostly accept any. */
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'S3_REGION must look like eu-west-1' })
  S3_REGION = 'us-east-1';

  /** clamd to scan uploads with (INSTREAM), e.g. tcp://127.0.0.1:3310; without it documents count as clean after the type check. */
  @ValidateIf((c: AppConfig) => c.CLAMAV_URL !== undefined)
  @Matches(/^tcp:\/\/[^/:]+:\d{1,5}\/?$/, { message: 'CLAMAV_URL must look like tcp://127.0.0.1:3310' })
  CLAMAV_URL?: string;

  /** How long one scan may take before it counts as failed (and its job is retried). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CLAMAV_TIMEOUT_MS = 60_000;

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

  /**
   * When set, `GET /metrics` (on the api's port and on WORKER_METRICS_PORT) needs
   * `Authorization: Bearer <METRICS_TOKEN>`; unset, the metrics are open.
   */
  @ValidateIf((c: AppConfig) => c.METRICS_TOKEN !== undefined)
  @IsString()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'METRICS_TOKEN must be 16–200 visible characters' })
  METRICS_TOKEN?: string;

  /** The port of the worker's own `GET /metrics` (0: any free port). */
  @Transform(toInt)
  @IsInt({ message: 'WORKER_METRICS_PORT must be a port number' })
  @Min(0, { message: 'WORKER_METRICS_PORT must be a port number' })
  @Max(65535, { message: 'WORKER_METRICS_PORT must be a port number' })
  WORKER_METRICS_PORT = 9464;

  /** The address the worker's metrics listen on (127.0.0.1 keeps them on the machine). */
  @IsIP(undefined, { message: 'WORKER_METRICS_HOST must be an IP address such as 0.0.0.0 or 127.0.0.1' })
  WORKER_METRICS_HOST = '0.0.0.0';

  /**
   * Whole years an application's personal data is kept after it is closed (docs/privacy.md);
   * then the retention job removes it.
   */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_YEARS must be a whole number of years' })
  @Min(1, { message: 'RETENTION_YEARS must be at least 1' })
  @Max(100, { message: 'RETENTION_YEARS must be at most 100' })
  RETENTION_YEARS = 7;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The AES-256-GCM key that webhook secrets are stored under: 32 bytes, as 64 hex digits or
   * base64. Required outside local mode; in local mode it defaults to one derived from
   * AUTH_JWT_SECRET.
   */
  @ValidateIf((c: AppConfig) => c.AUTH_MODE !== 'local' || c.WEBHOOK_SECRET_KEY !== undefined)
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: WEBHOOK_KEY_MESSAGE })
  WEBHOOK_SECRET_KEY?: string;

  /** The first retry of a failed webhook delivery waits this long; each next one twice as long (at most an hour). */
  @Transform(toInt)
  @IsInt()
  @Min(10, { message: 'WEBHOOK_RETRY_BASE_MS must be at least 10' })
  @Max(3_600_000, { message: 'WEBHOOK_RETRY_BASE_MS must be at most 3600000' })
  WEBHOOK_RETRY_BASE_MS = 1000;

  /** How long a receiver may take to answer a delivery. */
  @Transform(toInt)
  @IsInt()
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be at least 100' })
  @Max(60_000, { message: 'WEBHOOK_TIMEOUT_MS must be at most 60000' })
  WEBHOOK_TIMEOUT_MS = 10_000;
}

const OPTIONAL_KEYS = [
  'AUTH_JWT_SECRET',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'CLAMAV_URL',
  'METRICS_TOKEN',
  'AUTH_CLIENT_ID',
  'AUTH_CLIENT_SECRET',
  'SMTP_URL',
  'PUBLIC_URL',
  'WEBHOOK_SECRET_KEY',
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
