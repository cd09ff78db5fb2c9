import { Coalescer } from './coalescer';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescer', () => {
  it('runs a lone call at once, alone', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (keys) => (batches.push(keys), keys.map((k) => k * 2)));
    await expect(c.call(21)).resolves.toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it('puts calls of one turn in one batch and answers each its own result', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, string>(async (keys) => (batches.push(keys), keys.map(String)));
    await expect(Promise.all([c.call(1), c.call(2), c.call(3)])).resolves.toEqual(['1', '2', '3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers calls that arrive while batches are in flight into the next batch', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const c = new Coalescer<number, number>(
      (keys) => {
        batches.push(keys);
        return new Promise((resolve) => gates.push(() => resolve(keys)));
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    const first = c.call(1);
    await tick();
    const later = [c.call(2), c.call(3)];
    await tick();
    const more = c.call(4);
    await tick();
    expect(batches).toEqual([[1]]);
    gates.shift()!();
    await first;
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates.shift()!();
    await expect(Promise.all([...later, more])).resolves.toEqual([2, 3, 4]);
  });

  it('keeps batches within maxBatch and runs up to maxInFlight at once', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const c = new Coalescer<number, number>(
      async (keys) => {
        batches.push(keys);
        most = Math.max(most, ++running);
        await tick();
        running--;
        return keys;
      },
      { maxBatch: 2, maxInFlight: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((k) => c.call(k)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(most).toBe(2);
  });

  it('runs each call of a failed batch alone: only a call that fails alone rejects', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (keys) => {
      batches.push(keys);
      if (keys.includes(2)) throw new Error(`cannot store ${keys.join(',')}`);
      return keys.map((k) => k * 10);
    });
    const calls = [1, 2, 3].map((k) => c.call(k));
    await expect(calls[0]).resolves.toBe(10);
    await expect(calls[1]).rejects.toThrow('cannot store 2');
    await expect(calls[2]).resolves.toBe(30);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('rejects every call of a failed batch that fails alone too, and goes on with the next', async () => {
    let fail = true;
    const c = new Coalescer<number, number>(async (keys) => {
      if (fail) throw new Error('database away');
      return keys;
    });
    const calls = [c.call(1), c.call(2)];
    await expect(calls[0]).rejects.toThrow('database away');
    await expect(calls[1]).rejects.toThrow('database away');
    fail = false;
    await expect(c.call(3)).resolves.toBe(3);
  });

  it('rejects a batch whose answer has the wrong length', async () => {
    const c = new Coalescer<number, number>(async () => []);
    await expect(c.call(1)).rejects.toThrow('batch of 1 answered 0 results');
  });
});
