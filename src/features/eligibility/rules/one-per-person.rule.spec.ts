import { onePerPersonRule } from './one-per-person.rule';
import { ruleInput } from './rule-input.builder';

const withOthers = (otherActiveApplications: number) =>
  onePerPersonRule(ruleInput({ facts: { otherActiveApplications } }));

describe('one per person rule', () => {
  it('passes without earlier active applications', () => {
    expect(withOthers(0)).toEqual({
      rule: 'one-per-person',
      outcome: 'pass',
      message: 'De aanvrager heeft geen eerdere lopende aanvraag in deze regeling.',
      messageEn: 'The applicant has no earlier active application in this programme.',
    });
  });

  it('fails with one earlier active application', () => {
    const check = withOthers(1);
    expect(check.outcome).toBe('fail');
    expect(check.message).toBe(
      'De aanvrager heeft al een eerdere lopende aanvraag in deze regeling; per persoon is er één voucher per regeling.',
    );
    expect(check.messageEn).toBe(
      'The applicant already has an earlier active application in this programme; there is one voucher per person per programme.',
    );
  });

  it('fails with several, counting them', () => {
    const check = withOthers(3);
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('3 eerdere lopende aanvragen');
    expect(check.messageEn).toContain('3 earlier active applications');
  });
});
