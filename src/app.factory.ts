import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi';
import { addApiVersionHeader, API_VERSION } from './platform/http/api-contract';
import { PageErrorFilter } from './entry/web/http/page-error.filter';
import { COOKIES } from './entry/web/http/page-state';
import { SessionStore } from './platform/auth/session-store.service';
import { createLogger, NestPinoLogger } from './platform/logging/logger';
import { AppConfig } from './platform/config/app-config';
import { ProblemFilter, replyWithProblem } from './platform/http/problem.filter';
import { addSecurityHeaders, securityHeadersFor } from './platform/http/security-headers';
import { registerMultipart } from './platform/http/multipart';
import { RequestValidationPipe } from './platform/http/validation.pipe';
import { mountQueueDashboard } from './platform/queue/queue-dashboard';
import { MetricsRegistry } from './platform/metrics/metrics-registry';
import { addHttpMetrics, mountMetricsRoute } from './platform/metrics/http-metrics';

/**
 * The api role, ready to listen: used by main.ts, the tests and the benchmarks alike. `metrics`
 * is the process's registry (shared with the worker when both run in one process).
 */
export async function createApiApp(
  config: AppConfig,
  metrics: MetricsRegistry = new MetricsRegistry(),
): Promise<NestFastifyApplication> {
  const logger = createLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    // A path parameter longer than this is refused by the router (414 uri-too-long); no code or id is near it.
    routerOptions: { maxParamLength: 100 },
    // Errors the router raises before any hook runs (bad percent-encoding, overlong parameter):
    // problem+json like every other error, without echoing the path.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const version = request.url.startsWith('/api/') ? { 'api-version': API_VERSION } : {};
      void reply.headers({ 'x-request-id': request.id, ...version, ...securityHeadersFor(request.url) });
      replyWithProblem(reply, error);
    },
  });
  // Only JSON bodies: a text/plain body is 415, not a string handed to a DTO.
  adapter.getInstance().removeContentTypeParser('text/plain');
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  addSecurityHeaders(adapter.getInstance());
  addApiVersionHeader(adapter.getInstance());
  addHttpMetrics(adapter.getInstance(), metrics);
  mountMetricsRoute(adapter.getInstance(), metrics, config.METRICS_TOKEN);
  // Cookies for the web pages' session, language and form token (src/entry/web); the JSON API reads none.
  await adapter.getInstance().register(fastifyCookie);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, metrics), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  // Multipart bodies only where a route asks for them (the document uploads of the api and the pages), with their own limit.
  await registerMultipart(app.getHttpAdapter().getInstance(), config.DOCUMENT_MAX_BYTES);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new ProblemFilter(app.get(PageErrorFilter)));
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  const sessions = app.get(SessionStore, { strict: false });
  await mountQueueDashboard(app, async (request) => {
    return (await sessions.find(request.cookies[COOKIES.session]))?.actor ?? null;
  });
  await app.init();
  return app;
}
