import { disclose, disclosureFor, SMALL_CELL, SUPPRESSED } from './report-disclosure';
import { breakdownsView, emptyFigures, addCellSums, CellSum } from './report-figures';

describe('statistical disclosure control', () => {
  it('shows 1 to 4 people as "<5" under suppression, 0 and 5 or more as they are', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 120].map((n) => disclose(n, 'small-cells-suppressed'))).toEqual([
      0,
      SUPPRESSED,
      SUPPRESSED,
      SUPPRESSED,
      SUPPRESSED,
      5,
      6,
      120,
    ]);
    expect(SMALL_CELL).toBe(5);
    expect(SUPPRESSED).toBe('<5');
  });

  it('shows exact counts when disclosure is exact', () => {
    expect([0, 1, 4, 5].map((n) => disclose(n, 'exact'))).toEqual([0, 1, 4, 5]);
  });

  it('suppresses for provincial staff (and anyone but officers and admins); exact for officers and admins', () => {
    expect(disclosureFor('provincial')).toBe('small-cells-suppressed');
    expect(disclosureFor('applicant')).toBe('small-cells-suppressed');
    expect(disclosureFor('system')).toBe('small-cells-suppressed');
    expect(disclosureFor('officer')).toBe('exact');
    expect(disclosureFor('admin')).toBe('exact');
  });

  describe('in the breakdowns of a report', () => {
    const row = (dimension: CellSum['dimension'], value: string, voucher: boolean, count: number): CellSum => ({
      programmeId: 'p',
      dimension,
      value,
      voucher,
      count,
    });
    const figures = addCellSums(emptyFigures(), [
      row('status', 'submitted', false, 3),
      row('status', 'granted', true, 7),
      row('targetGroup', 'jobseeker', false, 1),
      row('targetGroup', 'jobseeker', true, 6),
      row('targetGroup', 'teacher', true, 3),
      row('gender', 'female', false, 3),
      row('gender', 'female', true, 2),
      row('gender', 'male', true, 5),
      row('trainingKind', 'upskilling', true, 2),
      row('trainingKind', 'reskilling', false, 3),
      row('trainingKind', 'reskilling', true, 5),
      row('grantMonth', '2027-03', true, 4),
      row('grantMonth', '2027-04', true, 3),
    ]);
    const offer = { targetGroups: ['jobseeker', 'teacher'], trainingKinds: ['upskilling', 'reskilling'] };

    it('suppresses gender and target group cells, nothing else', () => {
      const view = breakdownsView(figures, offer, 'small-cells-suppressed');
      expect(view.byTargetGroup).toEqual([
        { targetGroup: 'jobseeker', applications: 7, vouchers: 6 },
        { targetGroup: 'teacher', applications: '<5', vouchers: '<5' },
      ]);
      expect(view.byGender).toEqual([
        { gender: 'female', applications: 5, vouchers: '<5' },
        { gender: 'male', applications: 5, vouchers: 5 },
        { gender: 'non-binary', applications: 0, vouchers: 0 },
        { gender: 'undisclosed', applications: 0, vouchers: 0 },
      ]);
      // Training kinds, statuses, totals and months are not personal breakdowns: exact.
      expect(view.byTrainingKind).toEqual([
        { trainingKind: 'upskilling', applications: 2, vouchers: 2 },
        { trainingKind: 'reskilling', applications: 8, vouchers: 5 },
      ]);
      expect(view.applications).toEqual({
        total: 10,
        byStatus: {
          submitted: 3,
          'information-requested': 0,
          reviewed: 0,
          granted: 7,
          completed: 0,
          rejected: 0,
          'not-considered': 0,
          objection: 0,
          withdrawn: 0,
          expired: 0,
        },
      });
      expect(view.byGrantMonth).toEqual([
        { month: '2027-03', vouchers: 4 },
        { month: '2027-04', vouchers: 3 },
      ]);
    });

    it('keeps every count exact for officers and admins', () => {
      const view = breakdownsView(figures, offer, 'exact');
      expect(view.byTargetGroup).toEqual([
        { targetGroup: 'jobseeker', applications: 7, vouchers: 6 },
        { targetGroup: 'teacher', applications: 3, vouchers: 3 },
      ]);
      expect(view.byGender[0]).toEqual({ gender: 'female', applications: 5, vouchers: 2 });
    });
  });
});
