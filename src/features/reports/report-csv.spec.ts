import { csvField, programmeReportCsv, provinceReportCsv, reportCsvFile, toCsv } from './report-csv';
import type { ProgrammeReport, ProvinceReport } from './reports.service';

const parse = (csv: string) =>
  csv
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));

function programmeReport(overrides: Partial<ProgrammeReport> = {}): ProgrammeReport {
  return {
    programme: {
      code: 'ov-2027',
      name: 'Overijssels Vakmanschap, "2027"',
      province: 'OV',
      status: 'open',
      opensAt: '2027-01-01T00:00:00.000Z',
      closesAt: '2028-12-31T22:59:59.000Z',
    },
    generatedAt: '2027-03-10T11:00:00.000Z',
    disclosure: 'small-cells-suppressed',
    applications: {
      total: 9,
      byStatus: {
        submitted: 2,
        'information-requested': 0,
        reviewed: 0,
        granted: 5,
        completed: 1,
        rejected: 1,
        'not-considered': 0,
        objection: 0,
        withdrawn: 0,
        expired: 0,
      },
    },
    byTargetGroup: [{ targetGroup: 'jobseeker', applications: 9, vouchers: 6 }],
    byGender: [
      { gender: 'female', applications: 6, vouchers: '<5' },
      { gender: 'male', applications: '<5', vouchers: '<5' },
      { gender: 'non-binary', applications: 0, vouchers: 0 },
    ],
    byTrainingKind: [{ trainingKind: 'upskilling', applications: 9, vouchers: 6 }],
    byGrantMonth: [{ month: '2027-03', vouchers: 6 }],
    budget: { totalCents: 160000000, committedCents: 1250000, spentCents: 250000, availableCents: 158500000 },
    vouchers: {
      granted: 6,
      target: 470,
      percentOfTarget: 1.3,
      byStatus: { granted: 5, completed: 1, withdrawn: 0, expired: 0 },
    },
    grantRate: { days: 30, vouchers: 6, perDay: 0.2 },
    milestones: {
      reached: [{ threshold: 5, reachedAt: '2027-03-09T10:00:00.000Z' }],
      next: { threshold: 10, remaining: 4, forecastDate: '2027-03-30', beforeClose: true },
    },
    ...overrides,
  };
}

describe('report CSV', () => {
  describe('fields (RFC 4180)', () => {
    it('quotes commas, quotes and line breaks, doubling quotes', () => {
      expect(csvField('plain')).toBe('plain');
      expect(csvField('a,b')).toBe('"a,b"');
      expect(csvField('say "hi"')).toBe('"say ""hi"""');
      expect(csvField('two\nlines')).toBe('"two\nlines"');
      expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    });

    it('writes numbers as they are and null as an empty field', () => {
      expect(csvField(160000000)).toBe('160000000');
      expect(csvField(1.3)).toBe('1.3');
      expect(csvField(null)).toBe('');
      expect(csvField(undefined)).toBe('');
      expect(csvField(true)).toBe('true');
    });

    it('defuses text a spreadsheet would run as a formula', () => {
      expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
      expect(csvField('+31')).toBe("'+31");
      expect(csvField('-1')).toBe("'-1");
      expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
      expect(csvField('\tx')).toBe("'\tx");
      expect(csvField('<5')).toBe('<5');
    });

    it('ends every line, the last one too, with CRLF', () => {
      expect(
        toCsv([
          ['a', 1],
          ['b', null],
        ]),
      ).toBe('a,1\r\nb,\r\n');
    });
  });

  it('renders a programme report as one long table under a fixed header', () => {
    const csv = programmeReportCsv(programmeReport());
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('province,programme,section,category,measure,value');
    expect(lines).toContain('OV,,report,,disclosure,small-cells-suppressed');
    expect(lines).toContain('OV,ov-2027,programme,,name,"Overijssels Vakmanschap, ""2027"""');
    expect(lines).toContain('OV,ov-2027,status,granted,applications,5');
    expect(lines).toContain('OV,ov-2027,status,total,applications,9');
    expect(lines).toContain('OV,ov-2027,gender,female,applications,6');
    expect(lines).toContain('OV,ov-2027,gender,female,vouchers,<5');
    expect(lines).toContain('OV,ov-2027,gender,male,applications,<5');
    expect(lines).toContain('OV,ov-2027,gender,non-binary,applications,0');
    expect(lines).toContain('OV,ov-2027,targetGroup,jobseeker,vouchers,6');
    expect(lines).toContain('OV,ov-2027,trainingKind,upskilling,applications,9');
    expect(lines).toContain('OV,ov-2027,grantMonth,2027-03,vouchers,6');
    expect(lines).toContain('OV,ov-2027,budget,,totalCents,160000000');
    expect(lines).toContain('OV,ov-2027,budget,,availableCents,158500000');
    expect(lines).toContain('OV,ov-2027,vouchers,,granted,6');
    expect(lines).toContain('OV,ov-2027,vouchers,,target,470');
    expect(lines).toContain('OV,ov-2027,grantRate,last30Days,perDay,0.2');
    expect(lines).toContain('OV,ov-2027,milestone,5,reachedAt,2027-03-09T10:00:00.000Z');
    expect(lines).toContain('OV,ov-2027,nextMilestone,10,remaining,4');
    expect(lines).toContain('OV,ov-2027,nextMilestone,10,forecastDate,2027-03-30');
    // Every row has the header's six fields (the quoted name aside).
    for (const row of parse(csv).filter((r) => !r.join(',').includes('"'))) expect(row).toHaveLength(6);
  });

  it('leaves the forecast empty when there is none', () => {
    const csv = programmeReportCsv(
      programmeReport({
        milestones: { reached: [], next: { threshold: 10, remaining: 4, forecastDate: null, beforeClose: null } },
      }),
    );
    expect(csv.split('\r\n')).toContain('OV,ov-2027,nextMilestone,10,forecastDate,');
  });

  it('renders a province report: each programme, then the totals with an empty programme column', () => {
    const a = programmeReport();
    const b = programmeReport({ programme: { ...a.programme, code: 'ov-2028', name: 'Tweede ronde' } });
    const province = {
      province: 'OV',
      generatedAt: a.generatedAt,
      disclosure: 'small-cells-suppressed',
      programmes: [a, b],
      totals: {
        applications: { total: 18, byStatus: { ...a.applications.byStatus, granted: 10 } },
        byTargetGroup: [{ targetGroup: 'jobseeker', applications: 18, vouchers: 12 }],
        byGender: [{ gender: 'male', applications: '<5', vouchers: '<5' }],
        byTrainingKind: [],
        byGrantMonth: [{ month: '2027-03', vouchers: 12 }],
        budget: { totalCents: 320000000, committedCents: 0, spentCents: 0, availableCents: 320000000 },
        vouchers: {
          granted: 12,
          target: 940,
          percentOfTarget: 1.3,
          byStatus: { granted: 10, completed: 2, withdrawn: 0, expired: 0 },
        },
        grantRate: { days: 30, vouchers: 12, perDay: 0.4 },
      },
    } as unknown as ProvinceReport;
    const lines = provinceReportCsv(province).split('\r\n');
    expect(lines[0]).toBe('province,programme,section,category,measure,value');
    expect(lines).toContain('OV,ov-2027,status,granted,applications,5');
    expect(lines).toContain('OV,ov-2028,programme,,name,Tweede ronde');
    expect(lines).toContain('OV,,status,granted,applications,10');
    expect(lines).toContain('OV,,gender,male,vouchers,<5');
    expect(lines).toContain('OV,,budget,,totalCents,320000000');
    expect(lines).toContain('OV,,vouchers,,target,940');
    expect(reportCsvFile(province)).toEqual({
      filename: 'vakvoucher-report-ov-2027-03-10.csv',
      body: provinceReportCsv(province),
    });
  });

  it("names a programme report's file by its code and the Dutch day it was made", () => {
    // 23:30 UTC is past midnight in the Netherlands.
    const report = programmeReport({ generatedAt: '2027-03-10T23:30:00.000Z' });
    expect(reportCsvFile(report)).toEqual({
      filename: 'vakvoucher-report-ov-2027-2027-03-11.csv',
      body: programmeReportCsv(report),
    });
  });
});
