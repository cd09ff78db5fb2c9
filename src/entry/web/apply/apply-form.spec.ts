import { bodyFrom, firstIncomplete, invalidFields, parseDate, parseMoney, stepsFor } from './apply-form';

const COMPLETE = {
  'applicant.name': 'Ahmad Al Haj',
  'applicant.email': 'ahmad@example.nl',
  'applicant.postcode': '7511 AB',
  'applicant.dateOfBirth': '12-04-1990',
  'applicant.gender': 'male',
  'applicant.targetGroup': 'career-switcher',
  'training.provider': 'De Techniek Academie',
  'training.title': 'Installatietechniek',
  'training.kind': 'reskilling',
  'training.startsOn': '1-3-2027',
  'training.endsOn': '2027-09-01',
  'training.costCents': '3.200,00',
  requestedAmountCents: '2500',
  motivation: '',
  'applicant.publicityConsent': 'no',
};

describe('the apply form', () => {
  it('reads money as Dutch and English readers write it', () => {
    expect(parseMoney('2.500,00')).toBe(250_000);
    expect(parseMoney('2500')).toBe(250_000);
    expect(parseMoney('€ 2500,5')).toBe(250_050);
    expect(parseMoney('2,500.00')).toBe(250_000);
    expect(parseMoney('twee')).toBe('twee');
    expect(parseMoney('-5')).toBe('-5');
    expect(parseMoney('0.015')).toBe('0.015');
  });

  it('reads dates as day-month-year or ISO', () => {
    expect(parseDate('12-04-1990')).toBe('1990-04-12');
    expect(parseDate('1/3/2027')).toBe('2027-03-01');
    expect(parseDate('2027-09-01')).toBe('2027-09-01');
    expect(parseDate('morgen')).toBe('morgen');
  });

  it('makes the body of POST /api/v1/applications from the answers', () => {
    expect(bodyFrom('ov-2027', COMPLETE, 'en')).toEqual({
      programmeCode: 'ov-2027',
      applicant: {
        locale: 'en',
        name: 'Ahmad Al Haj',
        email: 'ahmad@example.nl',
        postcode: '7511 AB',
        dateOfBirth: '1990-04-12',
        gender: 'male',
        targetGroup: 'career-switcher',
        publicityConsent: false,
      },
      training: {
        provider: 'De Techniek Academie',
        title: 'Installatietechniek',
        kind: 'reskilling',
        startsOn: '2027-03-01',
        endsOn: '2027-09-01',
        costCents: 320_000,
      },
      requestedAmountCents: 250_000,
    });
    expect(invalidFields(bodyFrom('ov-2027', COMPLETE, 'nl')).size).toBe(0);
    expect(firstIncomplete('ov-2027', COMPLETE, 'nl')).toBeNull();
  });

  it('judges answers with the API rules and names the fields', () => {
    const wrong = {
      ...COMPLETE,
      'applicant.postcode': '0123',
      'training.endsOn': '01-01-2027',
      requestedAmountCents: 'veel',
    };
    expect([...invalidFields(bodyFrom('ov-2027', wrong, 'nl'))].sort()).toEqual([
      'applicant.postcode',
      'requestedAmountCents',
      'training.endsOn',
    ]);
    expect(firstIncomplete('ov-2027', wrong, 'nl')).toBe('personal');
  });

  it('asks about the employer of employees only, and then needs it', () => {
    expect(stepsFor(COMPLETE)).not.toContain('employer');
    const employee = { ...COMPLETE, 'applicant.targetGroup': 'employee' };
    expect(stepsFor(employee)).toContain('employer');
    expect(firstIncomplete('ov-2027', employee, 'nl')).toBe('employer');
    expect([...invalidFields(bodyFrom('ov-2027', employee, 'nl'))].sort()).toEqual([
      'employer.kvkNumber',
      'employer.name',
      'employer.postcode',
    ]);
  });
});
