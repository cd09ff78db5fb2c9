import { BenchContext } from '../harness/context';

/**
 * memory: peak resident set size (VmHWM) of each process over the whole run, read from
 * /proc/<pid>/status before the processes stop: our api against the reference server (both
 * under the same submit, grant and burst load), our worker against the bare BullMQ worker.
 */
export function memoryScenario(ctx: BenchContext): Promise<void> {
  const peak = (name: string) =>
    ctx.children.get(name)?.memory()?.peakRssMiB ?? ctx.retiredPeakRssMiB.get(name) ?? null;
  const boot = (name: string) => ctx.bootRssMiB.get(name)?.toFixed(0) ?? '?';
  const pairs: [string, string, string, string][] = [
    ['api', 'reference', 'api peak RSS', 'reference server'],
    ['worker', 'bare-worker', 'worker peak RSS', 'bare BullMQ'],
  ];
  for (const [ours, theirs, metric, referenceName] of pairs) {
    const o = peak(ours);
    const r = peak(theirs);
    ctx.add({
      scenario: 'memory',
      metric,
      unit: 'MiB',
      ours: o,
      reference: r,
      referenceName,
      ratio: o !== null && r !== null ? r / o : null,
      note:
        o === null
          ? `MISSING: no ${ours} process ran`
          : `VmHWM over the run; RSS right after start: ours ${boot(ours)} MiB, ${referenceName} ${boot(theirs)} MiB`,
    });
  }
  return Promise.resolve();
}
