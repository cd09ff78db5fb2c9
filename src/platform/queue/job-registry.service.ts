import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { JobName, JobOutcome, JobPayloads, QUEUE_OF, servedQueues } from './job-catalogue';
import { ON_JOB } from './on-job.decorator';

type Handler = (payload: unknown) => Promise<JobOutcome>;

/**
 * Finds every @OnJob handler at start-up and refuses to start unless each job of the queues
 * this process serves has exactly one: a job without a handler would wait forever, one with
 * two would run twice.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<JobName | undefined>(ON_JOB, prototype[method]);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${instance.constructor.name}.${method}`]);
        this.handlers.set(name, (payload) => (instance[method] as Handler).call(instance, payload));
      }
    }
    const served = servedQueues(this.config.WORKER_QUEUES);
    const jobs = Object.values(JobName).filter((name) => served.includes(QUEUE_OF[name]));
    const problems = jobs.flatMap((name) => {
      const where = found.get(name) ?? [];
      if (where.length === 0) return [`job ${name} has no handler`];
      if (where.length > 1) return [`job ${name} has ${where.length} handlers: ${where.join(', ')}`];
      return [];
    });
    if (problems.length > 0) throw new Error(`Job handlers are wrong: ${problems.join('; ')}`);
  }

  handle<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<JobOutcome> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job ${name}`);
    return handler(payload);
  }
}
