import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port right now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A deadline for Promise.race that does not keep the test process alive once the race is won. */
const giveUpAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * A private redis-server for one test file, on a free port, with an append-only file in a
 * directory of its own: it can be stopped (SIGTERM: Redis fsyncs the AOF and exits) and started
 * again on the same port with the same data, as a Redis restart in production would. Never the
 * shared Redis on 6379.
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> | null = null;
  readonly logFile: string;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    this.logFile = join(dir, 'redis.log');
  }

  static async start(): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'vv-fault-redis-'));
    const server = new RedisServer(await freePort(), dir);
    await server.startAgain();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts redis-server on this port and data directory (again), and waits until it answers. */
  async startAgain(timeoutMs = 10_000): Promise<void> {
    if (this.child) throw new Error('redis-server is running already');
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--protected-mode',
        'no',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    this.child = child;
    // Should the test process end without its afterAll (killed, crashed), take redis-server along.
    const reap = () => {
      try {
        process.kill(child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.child) throw new Error(`redis-server exited at start:\n${this.log()}`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port}:\n${this.log()}`);
      await sleep(50);
    }
  }

  /** PING answered with PONG (not LOADING): the data set is loaded. */
  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = new Socket();
      let reply = '';
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
      });
      socket.connect(this.port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
  }

  /** Stops it as an operator would (SIGTERM: the AOF is fsynced, then exit), and waits for the port to close. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    process.kill(child.pid!, 'SIGTERM');
    const code = await Promise.race([this.exited, giveUpAfter(timeoutMs).then(() => 'timeout' as const)]);
    if (code === 'timeout') throw new Error(`redis-server ${child.pid} did not stop:\n${this.log()}`);
    if (code !== 0) throw new Error(`redis-server ${child.pid} stopped with code ${code}:\n${this.log()}`);
    while (await portOpen(this.port)) await sleep(20);
  }

  /** Bytes of append-only files in the data directory (Redis 7 keeps them in appendonlydir/). */
  aofBytes(): number {
    const aofDir = join(this.dir, 'appendonlydir');
    if (!existsSync(aofDir)) return 0;
    return readdirSync(aofDir)
      .filter((f) => f.includes('.aof'))
      .reduce((sum, f) => sum + statSync(join(aofDir, f)).size, 0);
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  }

  /** For afterAll, also after a failure: SIGKILL our redis-server by pid and delete its data. */
  async destroy(): Promise<void> {
    const child = this.child;
    if (child?.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      await Promise.race([this.exited, giveUpAfter(5000)]);
    }
    this.child = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
