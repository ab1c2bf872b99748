import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { RequiredResource } from '../../../../packages/core/test/helpers/required-resource';
import { freshDir } from './run-cli';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

export const redisServer: RequiredResource = {
  name: 'redis-server (Debian package redis-server)',
  present: REDIS_SERVER !== undefined,
  howToGet: 'apt-get install -y redis-server (scripts/system-deps.sh installs it when run as root)',
};

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/** A free loopback port, as the kernel hands one out; redis-server binds it right after. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A private redis-server on a random loopback port, without persistence, in a fresh folder. A
 * port taken in between (another process won the race) is retried on a new one.
 */
export async function startRedis(): Promise<RunningRedis> {
  if (!REDIS_SERVER) throw new Error(`${redisServer.name} is missing: ${redisServer.howToGet}`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(REDIS_SERVER, [...args, '--dir', freshDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (await ready(child)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
  }
  throw new Error('redis-server did not start on 5 random loopback ports');
}

function ready(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = '';
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
