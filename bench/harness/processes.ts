import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** USER_HZ: /proc times are in these ticks (100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

export type ChildRole =
  'api' | 'worker' | 'reference' | 'pages-reference' | 'dashboard-reference' | 'bare-worker' | 'metrics-reference';

export interface ChildOptions {
  env: Record<string, string>;
  /** The built tree to run (a private copy of dist/, see BenchContext.distDir). */
  distDir: string;
  /** Write a V8 CPU profile of this process into the folder. */
  cpuProfileDir?: string;
  bootTimeoutMs?: number;
}

/** A forked benchmark process (bench/harness/child.ts) with its pid, port and memory. */
export class BenchChild {
  private exited = false;
  private constructor(
    readonly role: ChildRole,
    readonly process: ChildProcess,
    readonly port: number | undefined,
  ) {
    process.once('exit', () => (this.exited = true));
  }

  static async start(role: ChildRole, options: ChildOptions): Promise<BenchChild> {
    const execArgv = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${role}-${Date.now()}.cpuprofile`]
      : [];
    const child = fork(join(options.distDir, 'bench/harness/child.js'), [], {
      env: { ...process.env, ...options.env, BENCH_ROLE: role },
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${role} did not start within ${options.bootTimeoutMs ?? 60_000} ms`));
      }, options.bootTimeoutMs ?? 60_000);
      child.once('message', (message: { ready?: boolean; port?: number }) => {
        clearTimeout(timer);
        if (message?.ready) resolve(message.port);
        else reject(new Error(`${role} sent ${JSON.stringify(message)}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${role} exited with ${code} while starting`));
      });
    });
    return new BenchChild(role, child, port);
  }

  get pid(): number {
    return this.process.pid!;
  }

  get url(): string {
    if (this.port === undefined) throw new Error(`${this.role} serves no HTTP`);
    return `http://127.0.0.1:${this.port}`;
  }

  /** Current and peak resident set size in MiB, from /proc/<pid>/status (VmRSS, VmHWM). */
  memory(): { rssMiB: number; peakRssMiB: number } | null {
    if (this.exited) return null;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
    } catch {
      return null;
    }
  }

  /** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  /** Asks the process to close and exit; kills it when it does not within the timeout. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.send('stop');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
