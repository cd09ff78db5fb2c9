import { addCellSums, emptyFigures, grantRate, mergeFigures, nextMilestone, percentOf } from './report-figures';

describe('report figures', () => {
  const now = new Date('2027-03-10T12:00:00+01:00');
  const closesAt = new Date('2028-12-31T23:59:59+01:00');

  describe('next milestone', () => {
    it('is the first threshold above the vouchers granted, with how many remain', () => {
      expect(nextMilestone({ thresholds: [750, 250, 500], granted: 250, grantsInWindow: 0, now, closesAt })).toEqual({
        threshold: 500,
        remaining: 250,
        forecastDate: null,
        beforeClose: null,
      });
    });

    it('has no forecast date without grants in the last 30 days', () => {
      expect(
        nextMilestone({ thresholds: [10], granted: 3, grantsInWindow: 0, now, closesAt })?.forecastDate,
      ).toBeNull();
    });

    it('forecasts from the rate of the last 30 days, rounding up to a whole day', () => {
      // 60 grants in 30 days = 2 a day; 7 remaining = 3.5 days → 4 days after 10 March.
      expect(nextMilestone({ thresholds: [100], granted: 93, grantsInWindow: 60, now, closesAt })).toEqual({
        threshold: 100,
        remaining: 7,
        forecastDate: '2027-03-14',
        beforeClose: true,
      });
      // 1 grant in 30 days, 1 remaining → 30 days.
      expect(nextMilestone({ thresholds: [5], granted: 4, grantsInWindow: 1, now, closesAt })?.forecastDate).toBe(
        '2027-04-09',
      );
    });

    it('counts days on the Dutch calendar', () => {
      // 23:30 UTC on 31 March is already 1 April in Amsterdam (summer time).
      const late = new Date('2027-03-31T23:30:00Z');
      expect(
        nextMilestone({ thresholds: [2], granted: 1, grantsInWindow: 30, now: late, closesAt })?.forecastDate,
      ).toBe('2027-04-02');
    });

    it('says when the forecast falls after the programme closes', () => {
      const soon = new Date('2027-03-31T00:00:00+02:00');
      expect(
        nextMilestone({ thresholds: [500], granted: 1, grantsInWindow: 3, now, closesAt: soon })?.beforeClose,
      ).toBe(false);
    });

    it('is null when every threshold is reached', () => {
      expect(nextMilestone({ thresholds: [1, 2], granted: 2, grantsInWindow: 5, now, closesAt })).toBeNull();
      expect(nextMilestone({ thresholds: [], granted: 0, grantsInWindow: 0, now, closesAt })).toBeNull();
    });
  });

  it('gives the grant rate per day over 30 days and the share of the target', () => {
    expect(grantRate(45)).toEqual({ days: 30, vouchers: 45, perDay: 1.5 });
    expect(percentOf(235, 470)).toBe(50);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, null)).toBeNull();
    expect(percentOf(5, 0)).toBeNull();
  });

  it('adds up the figures of several programmes', () => {
    const a = addCellSums(emptyFigures(), [
      { programmeId: 'a', dimension: 'status', value: 'granted', voucher: true, count: 2 },
      { programmeId: 'a', dimension: 'gender', value: 'female', voucher: true, count: 2 },
      { programmeId: 'a', dimension: 'grantMonth', value: '2027-03', voucher: true, count: 2 },
    ]);
    const b = addCellSums(emptyFigures(), [
      { programmeId: 'b', dimension: 'status', value: 'granted', voucher: true, count: 3 },
      { programmeId: 'b', dimension: 'status', value: 'submitted', voucher: false, count: 4 },
      { programmeId: 'b', dimension: 'gender', value: 'female', voucher: false, count: 4 },
      { programmeId: 'b', dimension: 'gender', value: 'female', voucher: true, count: 3 },
      { programmeId: 'b', dimension: 'grantMonth', value: '2027-03', voucher: true, count: 3 },
    ]);
    const total = mergeFigures([a, b]);
    expect(total.byStatus.granted).toBe(5);
    expect(total.byStatus.submitted).toBe(4);
    expect(total.vouchersByStatus.granted).toBe(5);
    expect(total.byGender.get('female')).toEqual({ applications: 9, vouchers: 5 });
    expect(total.byGrantMonth.get('2027-03')).toBe(5);
  });
});
