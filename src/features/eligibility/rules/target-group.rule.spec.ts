import { ruleInput } from './rule-input.builder';
import { targetGroupRule } from './target-group.rule';

describe('target group rule', () => {
  it("passes when the applicant's group is one of the programme's", () => {
    const check = targetGroupRule(ruleInput());
    expect(check).toEqual({
      rule: 'target-group',
      outcome: 'pass',
      message: 'De doelgroep zij-instromer valt onder de regeling.',
      messageEn: 'The target group career switcher is covered by the programme.',
    });
  });

  it("fails when it is not, naming the programme's groups", () => {
    const check = targetGroupRule(
      ruleInput({
        application: { applicant: { targetGroup: 'self-employed' } },
        programme: { targetGroups: ['jobseeker', 'employee'] },
      }),
    );
    expect(check.outcome).toBe('fail');
    expect(check.message).toBe(
      'De doelgroep zelfstandige (zzp) valt niet onder de regeling; die is voor werkzoekende en werknemer.',
    );
    expect(check.messageEn).toBe(
      'The target group self-employed is not covered by the programme, which is for job seeker and employee.',
    );
  });
});
