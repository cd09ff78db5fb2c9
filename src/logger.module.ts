import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';

/** Structured JSON logs (pino), each request line with its request id. */
export function loggerModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Fastify assigns the request id (x-request-id or a new UUID) and echoes it; pino-http logs it.
      genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
      redact: ['req.headers.authorization'],
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
    },
  });
}
