import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/app-config';
import { problem } from '../http/problem-details';
import { scrapeAllowed } from './metrics-access';
import { MetricsRegistry } from './metrics-registry';
import { METRICS_PATH } from './http-metrics';

/**
 * The worker's own metrics (jobs, mails, eligibility outcomes, the process) at
 * `GET /metrics` on WORKER_METRICS_PORT; the worker serves no other HTTP. A port that is taken
 * is logged and the worker goes on working without it: losing the metrics must not stop the
 * jobs. WORKER_METRICS_PORT=0 takes any free port (tests); `port` tells which.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WorkerMetrics');
  private server: Server | null = null;
  port: number | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers });
        response.end(request.method === 'HEAD' ? undefined : body);
      };
      const refuse = (code: string, detail: string, headers?: Record<string, string>) =>
        send(problem(code, detail).status, 'application/problem+json', JSON.stringify(problem(code, detail)), headers);
      if (path !== METRICS_PATH) return refuse('not-found', 'The worker serves GET /metrics only');
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse('method-not-allowed', 'The worker serves GET /metrics only', { allow: 'GET, HEAD' });
      }
      if (!scrapeAllowed(this.config.METRICS_TOKEN, request.headers.authorization)) {
        return refuse('unauthenticated', 'The metrics need Authorization: Bearer <METRICS_TOKEN>', {
          'www-authenticate': 'Bearer',
        });
      }
      this.metrics
        .render()
        .then((text) => send(200, this.metrics.contentType, text, { 'cache-control': 'no-store' }))
        .catch((error: Error) => {
          this.logger.error(`rendering the metrics failed: ${error.message}`);
          refuse('internal-error', 'The metrics could not be rendered');
        });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.WORKER_METRICS_PORT, this.config.WORKER_METRICS_HOST, () => resolve());
      });
    } catch (error) {
      this.logger.error(
        `Cannot serve the worker's metrics on port ${this.config.WORKER_METRICS_PORT} ` +
          `(${(error as Error).message}); set WORKER_METRICS_PORT to a free port. The worker goes on without them.`,
      );
      return;
    }
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closed first on shutdown (before the queues and workers), so it never holds up their closing. */
  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
