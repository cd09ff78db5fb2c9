import { createHash, createHmac } from 'node:crypto';
import type { AllocationRow } from '../applications/application-allocation';
import { allocate, changes } from './allocation';
import { drawOrder, seedSha256 } from './lottery';
import { SingleFlight } from './single-flight';

const row = (
  id: string,
  rank: number | null,
  status: AllocationRow['status'],
  amount: number,
  granted: number | null = null,
): AllocationRow => ({
  id,
  rank,
  status,
  requestedAmountCents: amount,
  grantedAmountCents: granted,
  budgetPosition: null,
  reservePosition: null,
});

describe('allocate: first fit in rank order after the held money', () => {
  it('skips one that does not fit and lets a later, smaller one in', () => {
    const places = allocate(1_000, [
      row('g', 1, 'granted', 500, 400),
      row('a', 2, 'reviewed', 300),
      row('b', 3, 'submitted', 400),
      row('c', 4, 'information-requested', 200),
      row('d', 5, 'reviewed', 100),
      row('r', 6, 'rejected', 100),
      row('u', null, 'submitted', 100),
    ]);
    // 1,000 − 400 held = 600: a (300) within, b (400) does not fit the 300 left, c (200) and d (100) do.
    expect(Object.fromEntries([...places].map(([id, p]) => [id, [p.position, p.reservePosition]]))).toEqual({
      g: [null, null],
      a: ['within', null],
      b: ['reserve', 1],
      c: ['within', null],
      d: ['within', null],
      r: [null, null],
      u: [null, null],
    });
  });

  it('reports a move from the reserve list within, and only that as a move', () => {
    const rows = [
      { ...row('a', 1, 'reviewed', 300), budgetPosition: 'reserve' as const, reservePosition: 1 },
      { ...row('b', 2, 'reviewed', 300), budgetPosition: null, reservePosition: null },
    ];
    const { changed, movedWithin } = changes(rows, allocate(600, rows));
    expect(movedWithin).toEqual(['a']);
    expect(changed.map((c) => [c.id, c.position])).toEqual([
      ['a', 'within'],
      ['b', 'within'],
    ]);
  });
});

describe('the lottery', () => {
  it('orders references by HMAC-SHA256(seed, reference) and publishes the SHA-256 of the seed', () => {
    const seed = Buffer.alloc(32, 7);
    const references = ['OV-2027-000001', 'OV-2027-000002', 'OV-2027-000003', 'OV-2027-000004'];
    const key = (r: string) => createHmac('sha256', seed).update(r).digest('hex');
    expect(drawOrder(seed, references)).toEqual([...references].sort((x, y) => (key(x) < key(y) ? -1 : 1)));
    expect(drawOrder(seed, [...references].reverse())).toEqual(drawOrder(seed, references));
    expect(seedSha256(seed)).toBe(createHash('sha256').update(seed).digest('hex'));
  });
});

describe('SingleFlight', () => {
  it('runs one at a time per key, and calls during a run share the next run', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    let release!: () => void;
    const task = () => {
      runs++;
      return runs === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    };
    const first = flights.run('p', task);
    const waiting = [flights.run('p', task), flights.run('p', task), flights.run('p', task)];
    expect(runs).toBe(1);
    release();
    await Promise.all([first, ...waiting]);
    expect(runs).toBe(2);
  });
});
