import { ruleInput } from './rule-input.builder';
import { trainingKindRule } from './training-kind.rule';

describe('training kind rule', () => {
  it('passes a kind the programme pays for', () => {
    const check = trainingKindRule(ruleInput());
    expect(check).toMatchObject({ rule: 'training-kind', outcome: 'pass' });
    expect(check.message).toContain('omscholing');
    expect(check.messageEn).toContain('reskilling');
  });

  it('fails a kind it does not pay for', () => {
    const check = trainingKindRule(
      ruleInput({
        application: { training: { kind: 'upskilling' } },
        programme: { trainingKinds: ['reskilling', 'retraining'] },
      }),
    );
    expect(check.outcome).toBe('fail');
    expect(check.message).toBe(
      'Het soort opleiding (bijscholing) valt niet onder de regeling; die betaalt omscholing en herscholing.',
    );
    expect(check.messageEn).toBe(
      'The kind of training (upskilling) is not covered by the programme, which pays for reskilling and retraining.',
    );
  });
});
