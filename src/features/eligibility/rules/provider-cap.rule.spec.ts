import { nearCap, providerCapRule } from './provider-cap.rule';
import { ruleInput } from './rule-input.builder';

const withCount = (
  providerVoucherCount: number,
  providerCap: number | null = 300,
  providerKnown: boolean | null = true,
) => providerCapRule(ruleInput({ programme: { providerCap }, facts: { providerVoucherCount, providerKnown } }));

describe('provider cap rule', () => {
  it('passes well below the cap', () => {
    const check = withCount(12);
    expect(check).toEqual({
      rule: 'provider-cap',
      outcome: 'pass',
      message: 'De Techniek Academie heeft 12 van de maximaal 300 vouchers in deze regeling.',
      messageEn: 'De Techniek Academie has 12 of at most 300 vouchers in this programme.',
    });
  });

  it('warns within 10% of the cap, from 90% on', () => {
    expect(withCount(269).outcome).toBe('pass');
    expect(withCount(270).outcome).toBe('warn');
    const check = withCount(299);
    expect(check.outcome).toBe('warn');
    expect(check.message).toContain('nadert het maximum van 300 vouchers');
    expect(check.messageEn).toContain('is close to the cap of 300 vouchers');
  });

  it('fails when the cap is reached exactly, and above it', () => {
    const check = withCount(300);
    expect(check.outcome).toBe('fail');
    expect(check.message).toBe(
      'De Techniek Academie heeft het maximum van 300 vouchers in deze regeling bereikt (300 toegekend).',
    );
    expect(check.messageEn).toBe(
      'De Techniek Academie has reached the cap of 300 vouchers in this programme (300 granted).',
    );
    expect(withCount(301).outcome).toBe('fail');
  });

  it('handles small caps: a cap of 1 is reached by one voucher', () => {
    expect(withCount(0, 1).outcome).toBe('pass');
    expect(withCount(1, 1).outcome).toBe('fail');
    expect(nearCap(9, 10)).toBe(true);
    expect(nearCap(8, 10)).toBe(false);
  });

  it('passes when the programme has no cap', () => {
    const check = withCount(10_000, null);
    expect(check.outcome).toBe('pass');
    expect(check.messageEn).toBe('The programme has no cap on vouchers per provider.');
  });

  it('warns when the provider is not in the training register, or the register is unavailable', () => {
    const unknown = withCount(0, 300, false);
    expect(unknown.outcome).toBe('warn');
    expect(unknown.message).toContain('staat niet in het opleidingsregister');
    expect(unknown.messageEn).toContain('is not in the training register');
    const away = withCount(0, 300, null);
    expect(away.outcome).toBe('warn');
    expect(away.messageEn).toContain('could not be consulted');
  });

  it('keeps a fail over a register warning, and says both', () => {
    const check = withCount(300, 300, false);
    expect(check.outcome).toBe('fail');
    expect(check.messageEn).toContain('has reached the cap');
    expect(check.messageEn).toContain('is not in the training register');
  });
});
