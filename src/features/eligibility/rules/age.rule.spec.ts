import { ageOn, ageRule } from './age.rule';
import { ruleInput } from './rule-input.builder';

const born = (dateOfBirth: string, startsOn = '2027-03-01') =>
  ageRule(ruleInput({ application: { applicant: { dateOfBirth }, training: { startsOn } } }));

describe('age rule', () => {
  it('computes whole years by birthday', () => {
    expect(ageOn('1990-04-12', '2027-03-01')).toBe(36);
    expect(ageOn('1990-04-12', '2027-04-11')).toBe(36);
    expect(ageOn('1990-04-12', '2027-04-12')).toBe(37);
    expect(ageOn('1990-12-31', '2027-01-01')).toBe(36);
  });

  it('lets someone born on 29 February age on 1 March in other years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('passes someone of working age', () => {
    const check = born('1990-04-12');
    expect(check).toMatchObject({ rule: 'age', outcome: 'pass' });
    expect(check.message).toContain('36 jaar');
    expect(check.messageEn).toContain('36');
  });

  it('passes an 18th birthday on the start date and fails the day before it', () => {
    expect(born('2009-03-01').outcome).toBe('pass');
    const young = born('2009-03-02');
    expect(young.outcome).toBe('fail');
    expect(young.message).toBe('De aanvrager is op de startdatum (1 maart 2027) 17 jaar; de minimumleeftijd is 18.');
    expect(young.messageEn).toBe('The applicant is 17 on the start date (1 March 2027); the minimum age is 18.');
  });

  it('passes 66 and fails from the 67th birthday on: state pension age is reached', () => {
    expect(born('1960-03-02').outcome).toBe('pass'); // 66, turns 67 the next day
    const pensioner = born('1960-03-01'); // 67 on the start date
    expect(pensioner.outcome).toBe('fail');
    expect(pensioner.message).toBe(
      'De aanvrager is op de startdatum (1 maart 2027) 67 jaar en heeft dan de AOW-leeftijd (67) bereikt.',
    );
    expect(pensioner.messageEn).toBe(
      'The applicant is 67 on the start date (1 March 2027) and has then reached state pension age (67).',
    );
  });

  it('fails someone of 70 at the start', () => {
    expect(born('1956-06-15').outcome).toBe('fail');
    expect(born('1956-06-15').message).toContain('70 jaar');
  });

  it('judges the age at the start of the training, not today', () => {
    // 17 today (2026-11-21) but 18 when the training starts
    expect(born('2008-12-01', '2027-01-01').outcome).toBe('pass');
  });
});
