import { employerKvkRule } from './employer-kvk.rule';
import { ruleInput } from './rule-input.builder';

const EMPLOYER = { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' };
const employee = (kvkRegistered: boolean | null, employer: typeof EMPLOYER | null = EMPLOYER) =>
  employerKvkRule(
    ruleInput({ application: { applicant: { targetGroup: 'employee' }, employer }, facts: { kvkRegistered } }),
  );

describe('employer KvK rule', () => {
  it('does not apply to anyone but employees: pass with n/a', () => {
    for (const targetGroup of ['jobseeker', 'career-switcher', 'self-employed', 'teacher']) {
      const check = employerKvkRule(
        ruleInput({ application: { applicant: { targetGroup }, employer: EMPLOYER }, facts: { kvkRegistered: false } }),
      );
      expect(check).toMatchObject({ rule: 'employer-kvk', outcome: 'pass' });
      expect(check.message).toMatch(/^N\.v\.t\./);
      expect(check.messageEn).toMatch(/^n\/a/);
    }
  });

  it("passes an employee whose employer's KvK number is registered", () => {
    const check = employee(true);
    expect(check.outcome).toBe('pass');
    expect(check.message).toBe('KvK-nummer 12345678 van de werkgever staat ingeschreven in het Handelsregister.');
    expect(check.messageEn).toBe("The employer's KvK number 12345678 is in the trade register.");
  });

  it('fails an unknown KvK number', () => {
    const check = employee(false);
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('staat niet (meer) ingeschreven');
    expect(check.messageEn).toContain('is not (or no longer) in the trade register');
  });

  it('warns when the register could not be asked', () => {
    const check = employee(null);
    expect(check.outcome).toBe('warn');
    expect(check.message).toContain('kon niet worden geraadpleegd');
    expect(check.messageEn).toContain('could not be consulted');
  });

  it('fails an employee without an employer', () => {
    expect(employee(null, null).outcome).toBe('fail');
  });
});
