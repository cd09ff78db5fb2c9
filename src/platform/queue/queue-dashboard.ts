import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/domain-error';
import { problem } from '../http/problem-details';
import { Queues } from './queues.module';
import { TokenVerifier } from '../auth/token-verifier';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'vv_dashboard_token';

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * The BullMQ dashboard at /admin/queues, for admins only. A browser opens it once with
 * ?token=<admin token>, which is kept in an HttpOnly cookie scoped to the dashboard so its
 * own requests carry it; API clients may send the usual bearer header instead.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const verifier = app.get(TokenVerifier);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: app.get(Queues).all().map((q) => new BullMQAdapter(q)), serverAdapter });

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const query = request.query as { token?: string };
        const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const token = bearer ?? query.token ?? cookieToken(request.headers.cookie);
        const refuse = (code: string, detail: string) =>
          reply.status(code === 'forbidden' ? 403 : 401).type('application/problem+json').send(problem(code, detail));
        if (!token) return refuse('unauthenticated', 'The queue dashboard needs an admin token');
        try {
          const actor = await verifier.verify(token);
          if (actor.role !== 'admin') return refuse('forbidden', 'The queue dashboard is for admins');
        } catch (error) {
          if (error instanceof DomainError) return refuse('unauthenticated', error.message);
          throw error;
        }
        if (query.token) {
          reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict`);
        }
      });
      await scope.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: DASHBOARD_PATH },
  );
}
