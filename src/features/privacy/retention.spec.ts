import { yearsBefore } from './retention.service';

describe('yearsBefore', () => {
  it('goes back whole calendar years', () => {
    expect(yearsBefore(new Date('2034-06-15T03:30:00Z'), 7)).toEqual(new Date('2027-06-15T03:30:00Z'));
  });

  it('takes 28 February for 29 February in a year without one', () => {
    expect(yearsBefore(new Date('2032-02-29T12:00:00Z'), 7)).toEqual(new Date('2025-02-28T12:00:00Z'));
    expect(yearsBefore(new Date('2032-02-29T12:00:00Z'), 4)).toEqual(new Date('2028-02-29T12:00:00Z'));
  });
});
