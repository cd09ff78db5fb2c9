import { inRegion, postcodeDigits, regionRule } from './region.rule';
import { ruleInput } from './rule-input.builder';

const EMPLOYER = { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' };
const at = (postcode: string, employerPostcode?: string) =>
  regionRule(
    ruleInput({
      application: {
        applicant: { postcode },
        employer: employerPostcode ? { ...EMPLOYER, postcode: employerPostcode } : null,
      },
    }),
  );

describe('region rule', () => {
  it('passes when the applicant lives in a range', () => {
    expect(at('7511 AB')).toMatchObject({ rule: 'region', outcome: 'pass' });
    expect(at('7511 AB').message).toContain('7511');
    expect(at('7511 AB').messageEn).toContain("applicant's postcode (7511)");
  });

  it('includes both bounds of each range', () => {
    for (const postcode of ['7400 AA', '7799 ZZ', '8000AB', '8299 XY']) expect(at(postcode).outcome).toBe('pass');
    for (const postcode of ['7399 ZZ', '7800 AA', '7999 ZZ', '8300 AA']) expect(at(postcode).outcome).toBe('fail');
  });

  it("passes on the employer's postcode when the applicant lives outside", () => {
    const check = at('1011 AB', '7521 AA');
    expect(check.outcome).toBe('pass');
    expect(check.message).toBe('De postcode van de werkgever (7521) ligt in het gebied van de regeling.');
    expect(check.messageEn).toBe("The employer's postcode (7521) lies in the programme's region.");
  });

  it('fails when neither applicant nor employer is in the region, naming both and the ranges', () => {
    const check = at('1011 AB', '3011 AA');
    expect(check.outcome).toBe('fail');
    expect(check.message).toContain('1011');
    expect(check.message).toContain('3011');
    expect(check.message).toContain('7400–7799, 8000–8299');
    expect(check.messageEn).toMatch(/^Neither the applicant's postcode \(1011\) nor the employer's \(3011\)/);
  });

  it('fails without an employer when the applicant lives outside', () => {
    const check = at('9711 AA');
    expect(check.outcome).toBe('fail');
    expect(check.message).toMatch(/^De postcode van de aanvrager \(9711\) ligt niet in het gebied/);
    expect(check.messageEn).toMatch(/^The applicant's postcode \(9711\) does not lie/);
  });

  it('reads four digits from a postcode and refuses what has none', () => {
    expect(postcodeDigits('7511 AB')).toBe('7511');
    expect(postcodeDigits('7511AB')).toBe('7511');
    expect(postcodeDigits(' 8000 aa')).toBe('8000');
    expect(postcodeDigits('0123 AB')).toBeNull();
    expect(postcodeDigits('AB')).toBeNull();
    expect(postcodeDigits(null)).toBeNull();
    expect(inRegion(null, [['1000', '9999']])).toBe(false);
    expect(inRegion('5000', [])).toBe(false);
  });
});
