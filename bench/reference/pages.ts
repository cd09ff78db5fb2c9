import Fastify, { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';

/**
 * The reference for the web pages: a bare Fastify handler per page answering the same HTML our
 * pages rendered for the same person, from a constant. No session lookup, no database, no
 * rendering: what serving those bytes costs at the least.
 */
export function createPagesReference(files: { start: string; application: string }): FastifyInstance {
  const start = readFileSync(files.start, 'utf8');
  const application = readFileSync(files.application, 'utf8');
  const app = Fastify({ logger: false });
  const html = 'text/html; charset=utf-8';
  app.get('/', (_request, reply) => reply.type(html).send(start));
  app.get('/applications/:id', (_request, reply) => reply.type(html).send(application));
  return app;
}
