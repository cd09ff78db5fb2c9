import { amountRule } from './amount.rule';
import { ruleInput } from './rule-input.builder';

const ask = (requestedAmountCents: number, costCents = 320_000, maxCoFundingPercent = 100) =>
  amountRule(
    ruleInput({
      application: { requestedAmountCents, training: { costCents } },
      programme: { minAmountCents: 100_000, maxAmountCents: 300_000, maxCoFundingPercent },
    }),
  );

describe('amount rule', () => {
  it('passes an amount within the range and the share of the cost', () => {
    const check = ask(250_000);
    expect(check).toMatchObject({ rule: 'amount', outcome: 'pass' });
    expect(check.message).toContain('€ 2.500,00');
    expect(check.messageEn).toContain('€2,500.00');
  });

  it('includes the minimum and the maximum', () => {
    expect(ask(100_000).outcome).toBe('pass');
    expect(ask(300_000).outcome).toBe('pass');
  });

  it('fails below the minimum', () => {
    const check = ask(99_999);
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('onder het minimum van de regeling (€ 1.000,00)');
    expect(check.messageEn).toContain("below the programme's minimum (€1,000.00)");
  });

  it('fails above the maximum', () => {
    const check = ask(300_001, 1_000_000);
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('boven het maximum van de regeling (€ 3.000,00)');
    expect(check.messageEn).toContain("above the programme's maximum (€3,000.00)");
  });

  it('fails above cost × co-funding, and passes exactly at it', () => {
    // 50% of EUR 3,200 is EUR 1,600
    expect(ask(160_000, 320_000, 50).outcome).toBe('pass');
    const check = ask(160_001, 320_000, 50);
    expect(check.outcome).toBe('fail');
    expect(check.message).toBe(
      'Het gevraagde bedrag (€ 1.600,01) is meer dan 50% van de opleidingskosten van € 3.200,00 (ten hoogste € 1.600,00).',
    );
    expect(check.messageEn).toBe(
      'The requested amount (€1,600.01) is more than 50% of the training cost of €3,200.00 (at most €1,600.00).',
    );
  });

  it('fails an amount above the training cost itself at 100% co-funding', () => {
    expect(ask(200_001, 200_000).outcome).toBe('fail');
    expect(ask(200_000, 200_000).outcome).toBe('pass');
  });

  it('rounds the share down to whole cents, as the grant guard does', () => {
    // 33% of 100,001 cents is 33,000.33 cents: at most 33,000
    const input = (requested: number) =>
      ruleInput({
        application: { requestedAmountCents: requested, training: { costCents: 100_001 } },
        programme: { minAmountCents: 100, maxCoFundingPercent: 33 },
      });
    expect(amountRule(input(33_000)).outcome).toBe('pass');
    expect(amountRule(input(33_001)).outcome).toBe('fail');
  });
});
