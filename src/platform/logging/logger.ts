import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { AppConfig } from '../config/app-config';

/** One pino logger per process: JSON lines on stdout, tokens redacted. */
export function createLogger(config: AppConfig): Logger {
  return pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

/**
 * Nest's own log lines (start-up, errors) through the same pino logger. Request lines come
 * from Fastify's logger, which carries the request id; we do not use nestjs-pino's request
 * middleware, because its AsyncLocalStorage wrapping cost 12–15 % of the api's CPU on Node 20
 * (bench/RESULTS.md).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private line(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }

  log(message: unknown, ...rest: unknown[]) {
    this.line('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.line('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.line('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.line('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.line('trace', message, rest);
  }
}
