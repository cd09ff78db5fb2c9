import { spawn } from 'node:child_process';
import { signLocalToken } from '../../src/platform/auth/token-signer';
import { BenchContext, median } from '../harness/context';
import { BENCH_SECRET, createProgramme, insertApplications, officerToken } from '../harness/data';
import { LoadResult, measureLoad } from '../harness/load';

const SUBSCRIPTIONS = 5;

/**
 * webhooks: grants per second of a programme with 5 webhook subscriptions to
 * application.granted against one with none, on the same api, while our worker (serving the
 * webhooks queue) delivers to a receiver in this process. Delivery happens after the grant,
 * from the outbox, so it must not slow the grant: goal ≥ 0.9×. The "reference" column here is
 * our own api without subscriptions.
 */
export async function webhooksScenario(ctx: BenchContext): Promise<void> {
  const plan = ctx.quick ? { rounds: 1, count: 600 } : { rounds: 2, count: 1500 };
  const connections = ctx.settings.connections;
  // The receiver (a fund's system) runs in a process of its own, so it takes no time from the load generator here.
  const receiver = spawn(
    process.execPath,
    [
      '-e',
      `let received = 0;
       const server = require('node:http').createServer((req, res) => {
         req.resume();
         req.on('end', () => { received++; res.statusCode = 204; res.end(); });
       });
       server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
       process.on('message', () => process.send({ received }));`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const ask = <T>() => new Promise<T>((resolve) => receiver.once('message', (m) => resolve(m as T)));
  const { port } = await ask<{ port: number }>();
  const receivedSoFar = async () => {
    const answer = ask<{ received: number }>();
    receiver.send('count');
    return (await answer).received;
  };
  const receiverUrl = `http://127.0.0.1:${port}/hooks`;
  try {
    const api = await ctx.child('api', 'api');
    await ctx.child('webhook-worker', 'worker', { WORKER_QUEUES: 'webhooks' });
    const admin = await signLocalToken(BENCH_SECRET, { sub: `admin-${ctx.runId}`, role: 'admin' });
    const [reviewer, granter] = await Promise.all([
      officerToken(`wh-reviewer-${ctx.runId}`),
      officerToken(`wh-granter-${ctx.runId}`),
    ]);
    const results = { with: [] as LoadResult[], none: [] as LoadResult[], warm: [] as LoadResult[] };
    const lags: number[] = [];
    // A warm-up round (not counted) first, so neither side pays for a cold api and worker.
    const rounds: ('with' | 'none' | 'warm')[][] = [['warm']];
    for (let round = 0; round < plan.rounds; round++)
      rounds.push(round % 2 === 0 ? ['with', 'none'] : ['none', 'with']);
    for (const [round, order] of rounds.entries()) {
      for (const side of order) {
        const programme = await createProgramme(ctx.db, `bench-webhooks-${side}-${round}-${ctx.runId}`);
        if (side === 'with') {
          for (let i = 0; i < SUBSCRIPTIONS; i++) {
            const reply = await fetch(`${api.url}/api/v1/webhooks`, {
              method: 'POST',
              headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
              body: JSON.stringify({ url: receiverUrl, events: ['application.granted'], programmes: [programme.code] }),
            });
            if (reply.status !== 201) throw new Error(`webhooks bench: subscribe answered ${reply.status}`);
          }
        }
        const ids = await insertApplications(ctx.db, programme, plan.count + connections, {
          ownerPrefix: `wh-${side}-${round}-${ctx.runId}-`,
          eligibility: 'passed',
        });
        await ctx.db.query('ANALYZE applications');
        await measureLoad(api, {
          url: api.url,
          connections,
          amount: plan.count,
          method: 'POST',
          request: (i) => ({
            path: `/api/v1/applications/${ids[i]}/transitions`,
            token: reviewer,
            body: JSON.stringify({ action: 'review' }),
          }),
        });
        const { rows } = await ctx.db.query(
          `SELECT id FROM applications WHERE programme_id = $1 AND status = 'reviewed' ORDER BY reference`,
          [programme.id],
        );
        const before = await receivedSoFar();
        const grant = await measureLoad(api, {
          url: api.url,
          connections,
          amount: rows.length - connections,
          method: 'POST',
          request: (i) => ({
            path: `/api/v1/applications/${rows[i].id}/transitions`,
            token: granter,
            body: JSON.stringify({ action: 'grant' }),
          }),
        });
        results[side].push(grant);
        let note = '';
        if (side === 'with') {
          const expected = grant.ok * SUBSCRIPTIONS;
          const deadline = Date.now() + 120_000;
          let received = (await receivedSoFar()) - before;
          while (received < expected && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            received = (await receivedSoFar()) - before;
          }
          const lag = (Date.now() - grant.finishedAt) / 1000;
          lags.push(lag);
          note = `, ${received}/${expected} deliveries, the last ${lag.toFixed(1)} s after the last grant`;
        }
        ctx.log(
          `webhooks round ${round} ${side === 'with' ? `${SUBSCRIPTIONS} subscriptions` : side === 'warm' ? 'warm-up' : 'no subscriptions'}: ` +
            `grant ${grant.rps.toFixed(0)} req/s (p99 ${grant.p99Ms} ms)${note}`,
        );
      }
    }
    const ours = median(results.with.map((r) => r.rps));
    const none = median(results.none.map((r) => r.rps));
    ctx.add({
      scenario: 'webhooks',
      metric: `grant throughput, ${SUBSCRIPTIONS} subscriptions`,
      unit: 'req/s',
      ours,
      reference: none,
      referenceName: 'no subscriptions',
      ratio: ours / none,
      goal: '≥ 0.9×',
      met: ours / none >= 0.9,
      note: `${connections} connections, ${plan.count} grants per side per round, ${plan.rounds} round(s); deliveries done ${median(lags).toFixed(1)} s after the last grant`,
    });
  } finally {
    receiver.kill();
  }
}
