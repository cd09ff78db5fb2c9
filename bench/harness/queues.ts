import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../../src/platform/config/app-config';
import { DEFAULT_JOB_OPTIONS } from '../../src/platform/queue/queues.module';
import { redisOptions } from '../../src/platform/redis/redis-options';
import { BenchContext, sleep } from './context';

export function benchQueue(ctx: BenchContext, name: string, prefix = ctx.redisPrefix): Queue {
  return new Queue(name, {
    connection: { ...redisOptions({ REDIS_URL: ctx.redisUrl } as AppConfig), maxRetriesPerRequest: null },
    prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
}

/**
 * Adds `jobs` to a paused queue, resumes it, and measures until every job has completed or
 * failed. Returns the seconds from resume to the last one, and the counts.
 */
export async function timeJobs(
  queue: Queue,
  jobs: { name: string; data: object }[],
  timeoutMs: number,
): Promise<{ seconds: number; completed: number; failed: number; timedOut: boolean }> {
  await queue.pause();
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
  const before = await queue.getJobCounts('completed', 'failed');
  const started = performance.now();
  await queue.resume();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    const completed = counts.completed - before.completed;
    const failed = counts.failed - before.failed;
    if (completed + failed >= jobs.length || Date.now() > deadline) {
      return {
        seconds: (performance.now() - started) / 1000,
        completed,
        failed,
        timedOut: completed + failed < jobs.length,
      };
    }
    await sleep(20);
  }
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
