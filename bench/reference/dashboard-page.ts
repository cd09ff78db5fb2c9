import Fastify, { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';

/**
 * The reference for the programme dashboard: a bare Fastify handler answering the very HTML our
 * dashboard rendered for the same person, from a constant. No session, no report, no rendering:
 * what serving those bytes costs at the least.
 */
export function createDashboardReference(file: string): FastifyInstance {
  const html = readFileSync(file, 'utf8');
  const app = Fastify({ logger: false });
  app.get('/province/programmes/:code', (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  return app;
}
