import { fail } from '@gradcam/core';
import { Redis } from 'ioredis';

/** How long the first connection may take before the command says Redis is unreachable. */
const FIRST_CONNECT_MS = 5000;

/**
 * A Redis client for --queue redis://[user:password@]host:port[/db] (rediss:// for TLS). An
 * unreachable server is a clear error within seconds, never a hang; once connected, the client
 * reconnects for as long as it takes (a Redis restart must not end a worker mid-run).
 */
export async function connectRedis(url: string): Promise<Redis> {
  const options = redisOptions(url);
  let connected = false;
  const client = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: FIRST_CONNECT_MS,
    // BullMQ's blocking commands need it: a command waits for the reconnection instead of failing.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => (connected ? Math.min(200 * times, 5000) : times > 2 ? null : 300),
  });
  // Errors are reported by the calls that meet them; unhandled 'error' events would crash.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    fail(
      `cannot reach Redis at ${url} (${(error as Error).message}): start redis-server there, or correct --queue`,
    );
  }
  connected = true;
  return client;
}

function redisOptions(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`--queue ${url} is not a URL: write redis://host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    fail(`--queue ${url}: the queue is a Redis server, redis://host:port (rediss:// for TLS)`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    fail(`--queue ${url}: the database after the port is a number, e.g. /0`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
