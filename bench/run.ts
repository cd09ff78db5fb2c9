import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { createMigratedDatabase, databaseUrl, dropDatabase } from '../test/support/test-database';
import { BenchContext } from './harness/context';
import { summariseProfiles } from './harness/profile';
import { deleteKeys } from './harness/queues';
import { machine, machineLines, markdownTable, textTable } from './harness/report';
import { burstScenario } from './scenarios/burst';
import { dashboardPageScenario } from './scenarios/dashboard-page';
import { eligibilityScenario } from './scenarios/eligibility';
import { grantScenario } from './scenarios/grant';
import { memoryScenario } from './scenarios/memory';
import { metricsScenario } from './scenarios/metrics';
import { officerQueueScenario } from './scenarios/officer-queue';
import { openingDayScenario } from './scenarios/opening-day';
import { outboxScenario } from './scenarios/outbox';
import { pagesScenario } from './scenarios/pages';
import { reportsScenario } from './scenarios/reports';
import { submitScenario } from './scenarios/submit';
import { webhooksScenario } from './scenarios/webhooks';

/**
 * `npm run bench -- [--quick] [--profile] [--only=submit,grant,metrics] [--connections=32] [--rounds=N --seconds=S] [--concurrency=128]`
 *
 * Every scenario against a fresh database (created and migrated here, dropped at the end) and
 * a fresh Redis prefix. The load generator runs in this process; our api, our worker, the
 * reference server and the bare BullMQ worker each run in a child process. Prints one table
 * and writes bench/results/latest.json (a full run also refreshes the table in bench/RESULTS.md).
 */
const SCENARIOS: [string, (ctx: BenchContext) => Promise<void>][] = [
  ['submit', submitScenario],
  ['grant', grantScenario],
  ['eligibility', eligibilityScenario],
  ['outbox', outboxScenario],
  ['burst', burstScenario],
  ['opening-day', openingDayScenario],
  ['reports', reportsScenario],
  ['metrics', metricsScenario],
  ['pages', pagesScenario],
  ['officer-queue', officerQueueScenario],
  ['dashboard-page', dashboardPageScenario],
  ['webhooks', webhooksScenario],
];

const DIST_DIR = resolve(__dirname, '..');
const BENCH_DIR = resolve(DIST_DIR, '../bench');
const RESULTS_DIR = join(BENCH_DIR, 'results');

function parseArgs(argv: string[]) {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const unknown = argv.filter(
    (a) => !/^--(quick|profile|only=.+|(connections|rounds|seconds|concurrency)=\d+)$/.test(a),
  );
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown argument(s) ${unknown.join(' ')}\n` +
        'usage: npm run bench -- [--quick] [--profile] [--only=submit,grant,eligibility,outbox,burst,opening-day,reports,metrics,pages,officer-queue,dashboard-page,webhooks]\n' +
        '                        [--connections=32] [--rounds=N --seconds=S (submit rounds)] [--concurrency=128 (eligibility workers)]\n',
    );
    process.exit(2);
  }
  const connections = Number(value('connections') ?? 32);
  if (connections < 32) {
    process.stderr.write('bench: the issue asks for at least 32 connections\n');
    process.exit(2);
  }
  const rounds = value('rounds') ? Number(value('rounds')) : undefined;
  const seconds = value('seconds') ? Number(value('seconds')) : undefined;
  const concurrency = value('concurrency') ? Number(value('concurrency')) : undefined;
  return {
    quick: flag('quick'),
    profile: flag('profile'),
    only: value('only')?.split(','),
    connections,
    rounds,
    seconds,
    concurrency,
  };
}

const RESULTS_START = '<!-- latest-full-run:start -->';
const RESULTS_END = '<!-- latest-full-run:end -->';

function refreshResultsMd(block: string): void {
  const file = join(BENCH_DIR, 'RESULTS.md');
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `# Benchmark results\n\n${RESULTS_START}\n${RESULTS_END}\n`;
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  if (start < 0 || end < start) return;
  writeFileSync(file, `${current.slice(0, start + RESULTS_START.length)}\n${block}\n${current.slice(end)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const databaseName = `vv_bench_${runId}`;
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `vv-bench:${runId}`;
  const profileDir = args.profile ? join(RESULTS_DIR, `profiles-${runId}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  // The child processes run from a private copy of dist/: other engineers' `nest build` empties
  // dist/ (deleteOutDir) and would pull the code away from a process starting mid-run.
  const distDir = join(tmpdir(), `vv-bench-${runId}`, 'dist');
  cpSync(DIST_DIR, distDir, {
    recursive: true,
    filter: (src) => !src.endsWith('.map') && !src.endsWith('.tsbuildinfo'),
  });
  symlinkSync(resolve(DIST_DIR, '../node_modules'), join(distDir, '../node_modules'), 'dir');

  process.stderr.write(
    `[bench] run ${runId}${args.quick ? ' (quick)' : ''}: database ${databaseName}, Redis prefix ${redisPrefix}\n`,
  );
  await createMigratedDatabase(databaseName);
  const db = new Pool({ connectionString: databaseUrl(databaseName), max: 4 });
  const ctx = new BenchContext(
    {
      distDir,
      quick: args.quick,
      profileDir,
      connections: args.connections,
      rounds: args.rounds,
      seconds: args.seconds,
      concurrency: args.concurrency,
    },
    runId,
    databaseName,
    databaseUrl(databaseName),
    redisUrl,
    redisPrefix,
    db,
  );

  let interrupted = false;
  const cleanup = async () => {
    await ctx.stopAll();
    await db.end().catch(() => undefined);
    await dropDatabase(databaseName).catch((e: Error) => ctx.log(`could not drop ${databaseName}: ${e.message}`));
    for (const prefix of [redisPrefix, `${redisPrefix}-bare`]) await deleteKeys(redisUrl, prefix).catch(() => 0);
    rmSync(resolve(distDir, '..'), { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    interrupted = true;
    ctx.log('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    for (const [name, scenario] of SCENARIOS) {
      if (interrupted) break;
      if (args.only && !args.only.includes(name)) continue;
      ctx.log(`scenario ${name}`);
      try {
        await scenario(ctx);
      } catch (error) {
        ctx.log(`scenario ${name} failed: ${(error as Error).stack}`);
        ctx.add({
          scenario: name,
          metric: 'error',
          unit: '',
          ours: null,
          reference: null,
          ratio: null,
          met: false,
          note: `FAILED: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
    await memoryScenario(ctx);
  } finally {
    await cleanup();
  }

  const seconds = (Date.now() - started) / 1000;
  const m = machine();
  const table = textTable(ctx.rows);
  process.stdout.write(`\n${table}\n\nnproc ${m.nproc}, node ${m.node}, commit ${m.commit}, ${seconds.toFixed(0)} s\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = { runId, quick: args.quick, connections: args.connections, seconds, machine: m, rows: ctx.rows };
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const standard =
    !args.quick && !args.only && !args.rounds && !args.seconds && !args.concurrency && args.connections === 32;
  if (standard) refreshResultsMd(`${machineLines(m, false, seconds)}\n\n${markdownTable(ctx.rows)}`);
  if (profileDir) {
    process.stdout.write(`\nCPU profiles in ${profileDir}\n${summariseProfiles(profileDir)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
