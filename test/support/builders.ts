/** Valid request bodies with sensible defaults; tests override only what they are about. */

type Body = Record<string, any>;

function merge(base: Body, overrides: Body = {}): Body {
  const result: Body = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const isObject = value && typeof value === 'object' && !Array.isArray(value);
    result[key] = isObject && base[key] && typeof base[key] === 'object' ? merge(base[key], value) : value;
  }
  return result;
}

/** A programme like Overijssels Vakmanschap, open from 2026 to 2030. */
export function programmeBody(overrides: Body = {}): Body {
  return merge(
    {
      code: 'ov-test',
      name: 'Overijssels Vakmanschap (test)',
      province: 'OV',
      funders: ['Provincie Overijssel', 'OTIB', 'OOM'],
      budgetCents: 160_000_000,
      minAmountCents: 100_000,
      maxAmountCents: 300_000,
      maxCoFundingPercent: 100,
      opensAt: '2026-01-01T00:00:00+01:00',
      closesAt: '2030-12-31T23:59:59+01:00',
      region: {
        postcodeRanges: [
          ['7400', '7799'],
          ['8000', '8299'],
        ],
      },
      targetGroups: ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'],
      trainingKinds: ['upskilling', 'reskilling', 'retraining'],
      milestones: [250, 500, 750, 1000],
      targets: { vouchers: 470 },
      fourEyes: true,
      voucherValidityDays: 365,
      providerCap: 300,
    },
    overrides,
  );
}

/** An application like the example in docs/api.md: a career switcher in Enschede asking EUR 2,500. */
export function applicationBody(programmeCode: string, overrides: Body = {}): Body {
  return merge(
    {
      programmeCode,
      applicant: {
        name: 'Ahmad Al Haj',
        email: 'ahmad@example.nl',
        postcode: '7511 AB',
        dateOfBirth: '1990-04-12',
        gender: 'male',
        targetGroup: 'career-switcher',
        locale: 'nl',
        publicityConsent: false,
      },
      training: {
        provider: 'De Techniek Academie',
        title: 'Vakmanschaptraject Installatietechniek',
        kind: 'reskilling',
        startsOn: '2027-03-01',
        endsOn: '2027-09-01',
        costCents: 320_000,
      },
      requestedAmountCents: 250_000,
    },
    overrides,
  );
}
