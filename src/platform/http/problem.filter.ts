import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidParam } from '../kernel/domain-error';
import { problem, ProblemDetails } from './problem-details';

/**
 * Fastify's own request errors (parsing, size, media type, a path it cannot route) and the
 * problem each becomes. `param` is what the problem names; only body errors repeat Fastify's
 * message, since the others quote the path.
 */
const FASTIFY_ERRORS: Record<string, { code: string; detail: string; param?: InvalidParam }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid-request', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid-request', detail: 'The body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload-too-large', detail: 'The body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', detail: 'Send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid-request', detail: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: {
    code: 'invalid-request',
    detail: 'The path is not valid percent-encoded UTF-8',
    param: { name: 'path', reason: 'path must be valid percent-encoded UTF-8' },
  },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri-too-long', detail: 'A path parameter is longer than this api accepts' },
};

const HTTP_CODES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  503: 'service-unavailable',
};

/** Our code for an HTTP status some other layer chose: its own, or the nearest of 400 and 500. */
export function codeForStatus(status: number): string {
  return HTTP_CODES[status] ?? (status >= 500 ? 'internal-error' : 'invalid-request');
}

/** What any error becomes on the wire. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) return problem(error.code, error.message, error.invalidParams);
  if (/timeout exceeded when trying to connect/.test((error as Error)?.message ?? '')) {
    // pg-pool found no free connection within DB_POOL_WAIT_MS: busy, not broken.
    return problem('service-unavailable', 'The service is busy; try again in a moment');
  }
  const fastify = FASTIFY_ERRORS[(error as { code?: string })?.code ?? ''];
  if (fastify) {
    const param =
      fastify.param ??
      (fastify.code === 'uri-too-long' ? undefined : { name: 'body', reason: (error as Error).message });
    return problem(fastify.code, fastify.detail, param ? [param] : undefined);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // The router's 404 ("Cannot GET /the/whole/path") would repeat whatever path was sent.
    if (status === 404) return problem('not-found', 'There is nothing at this method and path');
    const code = HTTP_CODES[status];
    // Nest wraps Fastify's body errors (bad JSON, too large, wrong media type) in HttpExceptions.
    const aboutBody = status === 400 || status === 413 || status === 415;
    if (code) return problem(code, error.message, aboutBody ? [{ name: 'body', reason: error.message }] : undefined);
  }
  const status = (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && HTTP_CODES[status]) return problem(HTTP_CODES[status], (error as Error).message);
  return problem('internal-error', 'Something went wrong on our side; it has been logged');
}

const logger = new Logger('ProblemFilter');

/** Sends `error` as problem+json, logging it when it is our fault. */
export function replyWithProblem(reply: FastifyReply, error: unknown): void {
  const body = toProblem(error);
  if (body.status === 503) void reply.header('retry-after', '1');
  if (body.status >= 500) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void reply.status(body.status).header('content-type', 'application/problem+json').send(body);
}

/** The one place where errors become HTTP: every answer that is not a success is problem+json. */
/** Paths that answer problem+json whatever happens; every other path is a web page. */
const MACHINE_PATHS = /^\/(?:api|health|admin|metrics)(?:[/?#]|$)/;

@Catch()
export class ProblemFilter implements ExceptionFilter {
  /**
   * `pages`: the filter of the web pages, for errors raised before a page's own filter could
   * see them (a body too large, a path no route has): a browser (Accept: text/html) outside
   * the machine paths gets a page; every other client gets problem+json as before.
   */
  constructor(private readonly pages?: ExceptionFilter) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const browser = /\btext\/html\b/.test(String(request.headers?.accept ?? ''));
    if (this.pages && browser && !MACHINE_PATHS.test(request.url)) return void this.pages.catch(error, host);
    replyWithProblem(host.switchToHttp().getResponse<FastifyReply>(), error);
  }
}
