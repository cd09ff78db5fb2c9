import { budgetRule } from './budget.rule';
import { ruleInput } from './rule-input.builder';

const left = (availableCents: number, requestedAmountCents = 250_000) =>
  budgetRule(ruleInput({ application: { requestedAmountCents }, facts: { availableCents } }));

describe('budget rule', () => {
  it('passes when the budget left covers the requested amount', () => {
    const check = left(160_000_000);
    expect(check).toMatchObject({ rule: 'budget', outcome: 'pass' });
    expect(check.message).toBe('Er is nog € 1.600.000,00 beschikbaar in het budget van de regeling.');
    expect(check.messageEn).toBe('The programme has €1,600,000.00 of its budget left.');
  });

  it('passes when exactly the requested amount is left', () => {
    expect(left(250_000).outcome).toBe('pass');
  });

  it('warns, not fails, when less is left: money may be freed', () => {
    const check = left(249_999);
    expect(check.outcome).toBe('warn');
    expect(check.message).toContain('minder dan het gevraagde bedrag (€ 2.500,00)');
    expect(check.message).toContain('Er kan nog geld vrijkomen.');
    expect(check.messageEn).toContain('Money may still be freed.');
  });

  it('warns with nothing left, never showing a negative amount', () => {
    const check = left(-5);
    expect(check.outcome).toBe('warn');
    expect(check.message).toContain('€ 0,00');
  });
});
