import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, our code by folder, node internals, or V8. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const ours = /\/dist\/((?:src|libs|bench)\/(?:modules\/)?[^/]+)/.exec(url);
  return ours ? ours[1] : url;
}

/** Self time by area and by function, of one profile. */
export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  // Inclusive: each sample counts once for every package or folder on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      if (frame.url) seen.add(area(frame.url, frame.functionName));
    }
    for (const a of seen) inclusive.set(a, (inclusive.get(a) ?? 0) + us);
  }
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    const a = area(callFrame.url, callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const f = `${callFrame.functionName || '(anonymous)'} ${a}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + us);
  }
  const idle = (byArea.get('(idle)') ?? 0) + (byArea.get('(program)') ?? 0);
  const busy = total - (byArea.get('(idle)') ?? 0);
  const list = (map: Map<string, number>) =>
    [...map]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
      )
      .join('\n');
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (idle+program ${(idle / 1e6).toFixed(1)} s)`,
    'self time by package / folder (% of busy):',
    list(byArea),
    'inclusive time by package / folder (% of busy; a sample counts for every package on its stack):',
    list(inclusive),
    'self time by function:',
    list(byFunction),
  ].join('\n');
}

export function summariseProfiles(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(dir, f)))
    .join('\n\n');
}

if (require.main === module) {
  const target = process.argv[2];
  process.stdout.write(
    `${target.endsWith('.cpuprofile') ? summariseProfile(target, Number(process.argv[3] ?? 25)) : summariseProfiles(target)}\n`,
  );
}
