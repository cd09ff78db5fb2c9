import { dutchDate } from './dates';
import { memo } from './memo';

describe('memo', () => {
  it('computes a value once, and afresh after `size` others', () => {
    const computed: number[] = [];
    const double = memo((n: number) => {
      computed.push(n);
      return n * 2;
    }, 2);
    expect([double(1), double(1), double(2), double(1)]).toEqual([2, 2, 4, 2]);
    expect(computed).toEqual([1, 2]);
    double(3); // the third value: starts afresh
    double(1);
    expect(computed).toEqual([1, 2, 3, 1]);
  });
});

describe('dutchDate', () => {
  it('turns at Dutch midnight, winter and summer, as Intl does', () => {
    const direct = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
    const moments = [
      '2027-01-14T22:59:59.999Z',
      '2027-01-14T23:00:00.000Z', // midnight CET
      '2027-07-14T21:59:59.999Z',
      '2027-07-14T22:00:00.000Z', // midnight CEST
      '2027-03-28T00:30:00.000Z', // the night clocks go forward
      '2027-10-31T00:30:00.000Z', // and back
      '1936-05-01T23:50:00.000Z', // offset of +00:19:32 then
    ];
    for (const at of moments) expect(dutchDate(new Date(at))).toBe(direct.format(new Date(at)));
    expect(dutchDate(new Date('2027-01-14T23:00:00.000Z'))).toBe('2027-01-15');
    expect(dutchDate(new Date('2027-07-14T21:59:59.999Z'))).toBe('2027-07-14');
  });
});
