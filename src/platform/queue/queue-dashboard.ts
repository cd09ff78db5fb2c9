import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/domain-error';
import { problem, ProblemDetails } from '../http/problem-details';
import { codeForStatus } from '../http/problem.filter';
import { Queues } from './queues.module';
import { TokenVerifier } from '../auth/token-verifier';
import type { Actor } from '../kernel/actor';

/** Who the browser's page session belongs to, if it has one (the web login's session cookie). */
export type SessionActor = (request: FastifyRequest) => Promise<Actor | null>;

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'vv_dashboard_token';

/** The dashboard token from the Cookie header; a value that is not valid percent-encoding is no token. */
export function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== COOKIE) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/** The cookie that keeps a token given in ?token= for the page's own requests; Secure over https. */
export function dashboardCookie(token: string, https: boolean): string {
  return `${COOKIE}=${encodeURIComponent(token)}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`;
}

/**
 * The only changes the dashboard may make: retrying failed jobs, one or all of a queue. Everything
 * else that changes a queue (add, empty, obliterate, clean, promote, pause, edit) goes around the
 * outbox and could lose or invent work, so it is refused.
 */
const RETRY_ALL = `${DASHBOARD_PATH}/api/queues/:queueName/retry/:queueStatus`;
const RETRY_ONE = `${DASHBOARD_PATH}/api/queues/:queueName/:jobId/retry`;

async function isRetryOfFailed(request: FastifyRequest, queues: Queue[]): Promise<boolean> {
  const params = request.params as Record<string, string>;
  const route = request.routeOptions.url;
  if (route === RETRY_ALL) return params.queueStatus === 'failed';
  if (route !== RETRY_ONE) return false;
  const job = await queues.find((q) => q.name === params.queueName)?.getJob(params.jobId);
  // An unknown queue or job is bull-board's to answer (404).
  return !job || (await job.getState()) === 'failed';
}

/** Google Fonts, which the bull-board page links: that host would see every admin visit. */
const THIRD_PARTY_LINK = /<link\b[^>]*\bhref="https?:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/gi;
/** For the page: fonts and styles from here only (the page falls back to system fonts). */
const PAGE_POLICY = "font-src 'self' data:; style-src 'self' 'unsafe-inline'";

/** bull-board's own error body (`{ error: { key } }`) as a problem, without its internal messages. */
function dashboardProblem(status: number, payload: unknown): ProblemDetails {
  let key: unknown;
  try {
    key = (JSON.parse(String(payload)) as { error?: { key?: unknown } }).error?.key;
  } catch {
    key = undefined;
  }
  const code = codeForStatus(status);
  if (code === 'internal-error') return problem(code, 'Something went wrong on our side; it has been logged');
  return problem(code, typeof key === 'string' ? `The queue dashboard refused: ${key}` : 'The queue dashboard refused');
}

/**
 * The BullMQ dashboard at /admin/queues, for admins only: to look, and to retry failed jobs.
 * An admin who logged in on the web pages opens it with their page session. Without one, a browser
 * may open it once with ?token=<admin token>, which is kept in an HttpOnly cookie scoped to the
 * dashboard (Secure over https) so its own requests carry it; API clients may send the usual
 * bearer header instead. The page is served without its third-party font link, and every
 * error it answers is problem+json like the rest of the app.
 */
export async function mountQueueDashboard(
  app: NestFastifyApplication,
  sessionActor: SessionActor = () => Promise.resolve(null),
): Promise<void> {
  const verifier = app.get(TokenVerifier);
  const queues = app.get(Queues).all();
  const logger = new Logger('QueueDashboard');
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  // Completed jobs are done: retrying one would do its work twice. The hook below refuses it; this
  // option (read by bull-board, missing from its typings) hides the buttons for it.
  const options = { allowRetries: true, allowCompletedRetries: false } as ConstructorParameters<
    typeof BullMQAdapter
  >[1];
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, options)), serverAdapter });

  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const query = request.query as { token?: string };
        const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const token = bearer ?? query.token ?? cookieToken(request.headers.cookie);
        const refuse = (code: string, detail: string) =>
          reply
            .status(code === 'forbidden' ? 403 : 401)
            .type('application/problem+json')
            .send(problem(code, detail));
        try {
          const actor = token ? await verifier.verify(token) : await sessionActor(request);
          if (!actor) return refuse('unauthenticated', 'The queue dashboard needs an admin login or token');
          if (actor.role !== 'admin') return refuse('forbidden', 'The queue dashboard is for admins');
        } catch (error) {
          if (error instanceof DomainError) return refuse('unauthenticated', error.message);
          throw error;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD' && !(await isRetryOfFailed(request, queues))) {
          return refuse('forbidden', 'The queue dashboard may look and retry failed jobs, nothing else');
        }
        if (query.token && token) reply.header('set-cookie', dashboardCookie(token, request.protocol === 'https'));
      });
      scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const type = String(reply.getHeader('content-type') ?? '');
        if (reply.statusCode >= 400 && !type.startsWith('application/problem+json')) {
          const body = dashboardProblem(reply.statusCode, payload);
          if (body.status >= 500) logger.error(`${request.method} ${request.url}: ${String(payload).slice(0, 500)}`);
          void reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8');
          return JSON.stringify(body);
        }
        if (type.startsWith('text/html') && typeof payload === 'string') {
          void reply.header('content-security-policy', PAGE_POLICY);
          return payload.replace(THIRD_PARTY_LINK, '');
        }
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin() as never);
    },
    { prefix: DASHBOARD_PATH },
  );
}
