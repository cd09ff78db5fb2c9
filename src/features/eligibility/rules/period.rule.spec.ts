import { periodRule } from './period.rule';
import { ruleInput } from './rule-input.builder';

const starting = (startsOn: string, today = '2026-11-21') =>
  periodRule(
    ruleInput({
      today,
      application: { training: { startsOn } },
      programme: { opensOn: '2026-01-01', closesOn: '2030-12-31' },
    }),
  );

describe('period rule', () => {
  it('passes a start within the programme period', () => {
    const check = starting('2027-03-01');
    expect(check).toMatchObject({ rule: 'period', outcome: 'pass' });
    expect(check.message).toBe('De opleiding begint op 1 maart 2027, binnen de looptijd van de regeling.');
    expect(check.messageEn).toBe("The training starts on 1 March 2027, within the programme's period.");
  });

  it('includes the first and last day of the programme', () => {
    expect(starting('2026-01-01', '2026-01-01').outcome).toBe('pass');
    expect(starting('2030-12-31').outcome).toBe('pass');
  });

  it('fails a start before the programme opens or after it closes', () => {
    expect(starting('2025-12-31', '2025-06-01').outcome).toBe('fail');
    const late = starting('2031-01-01');
    expect(late.outcome).toBe('fail');
    expect(late.message).toContain('buiten de looptijd van de regeling (1 januari 2026 tot en met 31 december 2030)');
    expect(late.messageEn).toContain("outside the programme's period (1 January 2026 to 31 December 2030 inclusive)");
  });

  it('passes a training starting today and fails one that started yesterday', () => {
    expect(starting('2026-11-21').outcome).toBe('pass');
    const past = starting('2026-11-20');
    expect(past.outcome).toBe('fail');
    expect(past.message).toBe('De opleiding begint op 20 november 2026, en dat is al voorbij.');
    expect(past.messageEn).toBe('The training starts on 20 November 2026, which has already passed.');
  });
});
