import { approachingMargin, approachingThresholds } from './milestones.service';

describe('the approaching notice', () => {
  it('comes within 2% of a threshold, but at least 5 vouchers before it', () => {
    expect([3, 10, 250, 251, 500, 750, 1000].map(approachingMargin)).toEqual([5, 5, 5, 6, 10, 15, 20]);
  });

  it('is due for each threshold not yet reached that the count is within the margin of', () => {
    const thresholds = [250, 500, 750, 1000];
    expect(approachingThresholds(thresholds, 244)).toEqual([]);
    expect(approachingThresholds(thresholds, 245)).toEqual([250]);
    expect(approachingThresholds(thresholds, 250)).toEqual([]); // reached: announced, not approaching
    expect(approachingThresholds(thresholds, 734)).toEqual([]);
    expect(approachingThresholds(thresholds, 735)).toEqual([750]);
    expect(approachingThresholds([3, 10], 1)).toEqual([3]);
    expect(approachingThresholds([3, 10], 5)).toEqual([10]);
    expect(approachingThresholds([6, 8], 3)).toEqual([6, 8]);
  });
});
