import { evaluate, RULE_NAMES, RULES, worst } from './index';
import { ruleInput } from './rule-input.builder';

describe('the rule list', () => {
  it('runs the ten rules of docs/domain.md, each once, in order', () => {
    const { checks } = evaluate(ruleInput());
    expect(checks.map((c) => c.rule)).toEqual([
      'region',
      'target-group',
      'training-kind',
      'amount',
      'period',
      'age',
      'one-per-person',
      'budget',
      'employer-kvk',
      'provider-cap',
    ]);
    expect(checks.map((c) => c.rule)).toEqual([...RULE_NAMES]);
    expect(RULES).toHaveLength(10);
  });

  it('gives every check a Dutch and an English message', () => {
    for (const check of evaluate(ruleInput()).checks) {
      expect(check.message.length).toBeGreaterThan(10);
      expect(check.messageEn.length).toBeGreaterThan(10);
      expect(check.message).not.toBe(check.messageEn);
    }
  });

  it('passes a sound application', () => {
    const evaluation = evaluate(ruleInput());
    expect(evaluation.status).toBe('passed');
    expect(evaluation.checks.every((c) => c.outcome === 'pass')).toBe(true);
  });

  it('stays passed with warnings: officers weigh them', () => {
    const evaluation = evaluate(ruleInput({ facts: { availableCents: 0 } }));
    expect(evaluation.checks.find((c) => c.rule === 'budget')?.outcome).toBe('warn');
    expect(evaluation.status).toBe('passed');
  });

  it('fails when any rule fails, and reports every rule still', () => {
    const evaluation = evaluate(
      ruleInput({ application: { applicant: { postcode: '1011 AB', dateOfBirth: '1956-06-15' } } }),
    );
    expect(evaluation.status).toBe('failed');
    expect(evaluation.checks).toHaveLength(10);
    expect(evaluation.checks.filter((c) => c.outcome === 'fail').map((c) => c.rule)).toEqual(['region', 'age']);
  });

  it('takes an extra rule as one more entry in the list', () => {
    const extra = () => ({ rule: 'age' as const, outcome: 'fail' as const, message: 'x', messageEn: 'y' });
    expect(evaluate(ruleInput(), [...RULES, extra]).status).toBe('failed');
  });

  it('orders outcomes fail over warn over pass', () => {
    expect(worst(['pass', 'warn', 'pass'])).toBe('warn');
    expect(worst(['warn', 'fail'])).toBe('fail');
    expect(worst([])).toBe('pass');
  });
});
