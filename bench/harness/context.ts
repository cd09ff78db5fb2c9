import { Pool } from 'pg';
import { BenchChild, ChildRole } from './processes';
import { BENCH_SECRET } from './data';

export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  ours: number | null;
  reference: number | null;
  /** What the reference column is, when it is not bench/reference. */
  referenceName?: string;
  /** ours / reference for rates, reference-relative as the goal reads. */
  ratio: number | null;
  goal?: string;
  met?: boolean | null;
  note?: string;
}

export interface Settings {
  /** A private copy of dist/ the child processes run from: another `nest build` cannot pull it away mid-run. */
  distDir: string;
  quick: boolean;
  profileDir?: string;
  connections: number;
  /** Overrides of the submit scenario's rounds and seconds per round (for investigations). */
  rounds?: number;
  seconds?: number;
  /** ELIGIBILITY_CONCURRENCY of our worker and the bare one (default 128, the config default). */
  concurrency?: number;
}

/** What every scenario gets: the run's database, Redis prefix, processes and result rows. */
export class BenchContext {
  readonly rows: Row[] = [];
  readonly children = new Map<string, BenchChild>();
  /** RSS of each process right after it started, for the memory scenario. */
  readonly bootRssMiB = new Map<string, number>();
  private readonly startedAt = Date.now();

  constructor(
    readonly settings: Settings,
    readonly runId: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly redisPrefix: string,
    readonly db: Pool,
  ) {}

  get quick(): boolean {
    return this.settings.quick;
  }

  log(message: string): void {
    const at = ((Date.now() - this.startedAt) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[bench ${at}s] ${message}\n`);
  }

  /** The environment our processes get: loadConfig validates it as in production. */
  childEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      AUTH_MODE: 'local',
      AUTH_JWT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '20',
      ELIGIBILITY_CONCURRENCY: String(this.settings.concurrency ?? 128),
      WORKER_QUEUES: 'eligibility',
      // Other runs may share this machine: the worker's metrics take any free port.
      WORKER_METRICS_PORT: '0',
      WORKER_METRICS_HOST: '127.0.0.1',
      ...extra,
    };
  }

  /** The named process, started on first use and kept for later scenarios (so its peak RSS covers them). */
  async child(name: string, role: ChildRole, extra: Record<string, string> = {}): Promise<BenchChild> {
    const existing = this.children.get(name);
    if (existing) return existing;
    const started = Date.now();
    const child = await BenchChild.start(role, {
      distDir: this.settings.distDir,
      env: this.childEnv(extra),
      cpuProfileDir: this.settings.profileDir && role !== 'bare-worker' ? this.settings.profileDir : undefined,
    });
    const rss = child.memory()?.rssMiB;
    this.bootRssMiB.set(name, rss ?? NaN);
    this.log(`${name} (${role}) up in ${Date.now() - started} ms, pid ${child.pid}, RSS ${rss?.toFixed(0)} MiB`);
    this.children.set(name, child);
    return child;
  }

  private workerProblem: string | null = null;

  /**
   * Our worker process serving the eligibility queue, or why there is none. It refuses to boot
   * while a job of its queues has no handler (JobRegistry), so this is also how the benchmarks
   * learn whether the CheckEligibility handler exists yet.
   */
  async worker(): Promise<BenchChild | string> {
    if (this.workerProblem) return this.workerProblem;
    try {
      return await this.child('worker', 'worker');
    } catch (error) {
      const message = (error as Error).message;
      this.workerProblem = `MISSING: our worker does not start with WORKER_QUEUES=eligibility (${message})`;
      this.log(this.workerProblem);
      return this.workerProblem;
    }
  }

  /** Peak RSS of processes stopped before the end of the run (see retire). */
  readonly retiredPeakRssMiB = new Map<string, number>();

  /** Stops a process early (so it cannot take CPU from a later measurement), keeping its peak RSS. */
  async retire(name: string): Promise<void> {
    const child = this.children.get(name);
    if (!child) return;
    const peak = child.memory()?.peakRssMiB;
    if (peak !== undefined) this.retiredPeakRssMiB.set(name, peak);
    await child.stop();
    this.children.delete(name);
    this.log(`${name} stopped`);
  }

  add(row: Row): void {
    this.rows.push(row);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.values()].map((c) => c.stop().catch(() => undefined)));
    this.children.clear();
  }
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The p-th percentile (0–100) by nearest rank. */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Marks every outbox row relayed, so a worker started next does not first drain earlier scenarios' events. */
export async function settleOutbox(db: Pool): Promise<number> {
  const { rowCount } = await db.query(`UPDATE outbox SET relayed_at = now() WHERE relayed_at IS NULL`);
  return rowCount ?? 0;
}
