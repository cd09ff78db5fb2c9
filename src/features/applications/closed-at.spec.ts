import { closedAt } from './voucher-lifecycle';

const now = new Date('2027-03-10T14:30:00Z');

describe('closedAt: when the retention period of an application starts', () => {
  it('is now for a step into completed, withdrawn or expired', () => {
    for (const to of ['completed', 'withdrawn', 'expired'] as const) expect(closedAt(to, null, now)).toEqual(now);
  });

  it('is null while the application is open', () => {
    for (const to of ['submitted', 'reviewed', 'granted'] as const) expect(closedAt(to, null, now)).toBeNull();
  });

  it('is the end of the objection deadline (Dutch midnight) for a rejection', () => {
    const decision = { action: 'reject', reason: 'x', objectionDeadline: '2027-04-21' };
    // 21 April is the last day to object: closed when 22 April begins in the Netherlands (CEST).
    expect(closedAt('rejected', decision, now)).toEqual(new Date('2027-04-21T22:00:00Z'));
    const winter = { ...decision, objectionDeadline: '2027-12-01' };
    expect(closedAt('rejected', winter, now)).toEqual(new Date('2027-12-01T23:00:00Z'));
  });

  it('never lies before the step itself', () => {
    const stale = { action: 'reject', reason: 'x', objectionDeadline: '2027-01-01' };
    expect(closedAt('rejected', stale, now)).toEqual(now);
  });
});
