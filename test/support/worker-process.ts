import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { AppConfig } from '../../src/platform/config/app-config';
import { servedQueues } from '../../src/platform/queue/job-catalogue';
import { Queues } from '../../src/platform/queue/queues.module';

const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A deadline for Promise.race that does not keep the test process alive once the race is won. */
const giveUpAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The environment that gives a child process the same configuration as `config`, plus `overrides`. */
export function environmentOf(config: AppConfig, overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined && value !== null && typeof value !== 'function') env[key] = String(value);
  }
  return { ...env, ...overrides };
}

/** How many BullMQ workers are connected to each queue (CLIENT LIST, by the workers' connection names). */
async function workerCounts(queues: Queue[]): Promise<number[]> {
  return Promise.all(queues.map((q) => q.getWorkersCount()));
}

/**
 * The worker role (src/worker.ts) as a child process of the test, as production runs it: its
 * own Node process, its own pools, its own BullMQ workers, so it can be killed with SIGKILL.
 * It runs the current source, compiled as `ts-node/register/transpile-only` would, through
 * ts-cache-register.js, which keeps the output between processes (a start takes ~2 s, not ~6).
 */
export class WorkerProcess {
  private static readonly all = new Set<WorkerProcess>();
  private static exitHook = false;
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    WorkerProcess.all.add(this);
    if (!WorkerProcess.exitHook) {
      // Should the test process end without its afterAll (killed, crashed), take the workers along.
      WorkerProcess.exitHook = true;
      process.once('exit', () => {
        for (const worker of WorkerProcess.all) {
          try {
            process.kill(worker.pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
      });
    }
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        WorkerProcess.all.delete(this);
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** What the process wrote (the last 20 kB), for failure messages. */
  get log(): string {
    return this.output;
  }

  /**
   * Spawns a worker with `config` (the test app's: same database, Redis and prefix) and
   * `env` on top, and waits until its BullMQ workers are connected to every queue it serves
   * (as seen through `queues`, the test's producers).
   */
  static async start(
    name: string,
    config: AppConfig,
    queues: Queues,
    env: Record<string, string> = {},
    timeoutMs = 60_000,
  ): Promise<WorkerProcess> {
    // A small pool: PostgreSQL here allows 100 connections, shared by every test file running at once.
    const environment = environmentOf(config, { LOG_LEVEL: 'warn', DB_POOL_SIZE: '4', ...env });
    const served = servedQueues(environment.WORKER_QUEUES ?? '').map((q) => queues.of(q));
    const before = await workerCounts(served);
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'ts-cache-register.js'), '-r', 'tsconfig-paths/register', join(ROOT, 'src/worker.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          ...environment,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const worker = new WorkerProcess(name, child);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!worker.alive)
        throw new Error(`worker ${name} exited at start (${JSON.stringify(worker.exit)}):\n${worker.log}`);
      const now = await workerCounts(served);
      if (now.every((n, i) => n > before[i])) return worker;
      if (Date.now() > deadline) {
        await worker.kill();
        throw new Error(`worker ${name} did not connect its workers in ${timeoutMs} ms:\n${worker.log}`);
      }
      await sleep(100);
    }
  }

  /** SIGKILL, by pid: no shutdown hooks, no lock released, connections dropped as they are. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    process.kill(this.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the shutdown hooks close the BullMQ workers and the relay; SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    process.kill(this.pid, 'SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), giveUpAfter(graceMs).then(() => false)]);
    if (!stopped) await this.kill();
  }

  /** For afterAll, also after a failure: every worker process still running, killed by pid. */
  static async killAll(): Promise<void> {
    await Promise.all([...WorkerProcess.all].map((w) => w.kill()));
  }
}
