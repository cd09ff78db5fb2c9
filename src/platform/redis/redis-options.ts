import type { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/** ioredis options from REDIS_URL (host, port, user, password, database, TLS). */
export function redisOptions(config: AppConfig): RedisOptions {
  const url = new URL(config.REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Producers (api, relay) fail fast while Redis is away, so callers can retry or report. */
export function producerConnection(config: AppConfig): RedisOptions {
  return { ...redisOptions(config), enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 3000 };
}

/** Workers wait for Redis as long as it takes (BullMQ requires maxRetriesPerRequest: null). */
export function workerConnection(config: AppConfig): RedisOptions {
  return { ...redisOptions(config), maxRetriesPerRequest: null };
}
