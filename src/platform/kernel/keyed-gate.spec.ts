import { KeyedGate } from './keyed-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedGate', () => {
  it('runs at most `limit` tasks of one key at once, the rest in arrival order', async () => {
    const gate = new KeyedGate(2);
    const started: number[] = [];
    const gates = [0, 1, 2, 3].map(() => deferred());
    const runs = gates.map((g, i) =>
      gate.run('p', async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load('p')).toEqual({ running: 2, waiting: 2 });
    gates[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(gate.load('p')).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps keys apart', async () => {
    const gate = new KeyedGate(1);
    const hold = deferred();
    const first = gate.run('a', () => hold.promise);
    let otherRan = false;
    await gate.run('b', async () => {
      otherRan = true;
    });
    expect(otherRan).toBe(true);
    hold.resolve();
    await first;
  });

  it('frees the slot when a task fails', async () => {
    const gate = new KeyedGate(1);
    await expect(gate.run('p', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('p', async () => 'next')).resolves.toBe('next');
    expect(gate.load('p')).toEqual({ running: 0, waiting: 0 });
  });
});
