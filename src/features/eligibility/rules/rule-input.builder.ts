import { RuleInput } from './rule';

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]> | null) : T[K];
};

/**
 * A rule input that passes every rule (the example application of docs/api.md in a programme like
 * Overijssels Vakmanschap), for specs that change only what they are about.
 */
export function ruleInput(overrides: DeepPartial<RuleInput> = {}): RuleInput {
  const base: RuleInput = {
    today: '2026-11-21',
    application: {
      applicant: { postcode: '7511 AB', dateOfBirth: '1990-04-12', targetGroup: 'career-switcher' },
      employer: null,
      training: { provider: 'De Techniek Academie', kind: 'reskilling', startsOn: '2027-03-01', costCents: 320_000 },
      requestedAmountCents: 250_000,
    },
    programme: {
      minAmountCents: 100_000,
      maxAmountCents: 300_000,
      maxCoFundingPercent: 100,
      opensOn: '2026-01-01',
      closesOn: '2030-12-31',
      region: {
        postcodeRanges: [
          ['7400', '7799'],
          ['8000', '8299'],
        ],
      },
      targetGroups: ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'],
      trainingKinds: ['upskilling', 'reskilling', 'retraining'],
      providerCap: 300,
    },
    facts: {
      otherActiveApplications: 0,
      providerVoucherCount: 0,
      availableCents: 160_000_000,
      kvkRegistered: null,
      providerKnown: true,
    },
  };
  return {
    today: overrides.today ?? base.today,
    application: {
      ...base.application,
      ...overrides.application,
      applicant: { ...base.application.applicant, ...overrides.application?.applicant },
      training: { ...base.application.training, ...overrides.application?.training },
      employer:
        overrides.application?.employer === undefined ? base.application.employer : overrides.application.employer,
    },
    programme: { ...base.programme, ...overrides.programme } as RuleInput['programme'],
    facts: { ...base.facts, ...overrides.facts },
  };
}
