import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../kernel/domain-error';
import { problem, ProblemDetails } from './problem-details';

/** Fastify's own request errors (parsing, size, media type) and the problem each becomes. */
const FASTIFY_ERRORS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid-request', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid-request', detail: 'The body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload-too-large', detail: 'The body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', detail: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid-request', detail: 'Content-Length does not match the body' },
};

const HTTP_CODES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** The one place where errors become HTTP: every answer that is not a success is problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toProblem(error);
    if (body.status === 503) void reply.header('retry-after', '1');
    if (body.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    void reply.status(body.status).header('content-type', 'application/problem+json').send(body);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof DomainError) return problem(error.code, error.message, error.invalidParams);
    if (/timeout exceeded when trying to connect/.test((error as Error)?.message ?? '')) {
      // pg-pool found no free connection within DB_POOL_WAIT_MS: busy, not broken.
      return problem('service-unavailable', 'The service is busy; try again in a moment');
    }
    const fastify = FASTIFY_ERRORS[(error as { code?: string })?.code ?? ''];
    if (fastify) return problem(fastify.code, fastify.detail, [{ name: 'body', reason: (error as Error).message }]);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = HTTP_CODES[status];
      // Nest wraps Fastify's body errors (bad JSON, too large, wrong media type) in HttpExceptions.
      const aboutBody = status === 400 || status === 413 || status === 415;
      if (code) return problem(code, error.message, aboutBody ? [{ name: 'body', reason: error.message }] : undefined);
    }
    const status = (error as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && HTTP_CODES[status]) return problem(HTTP_CODES[status], (error as Error).message);
    return problem('internal-error', 'Something went wrong on our side; it has been logged');
  }
}
