import type { Region } from '../../programmes/programme.entity';

/**
 * The contract of an eligibility rule: a pure function of a plain input (the application,
 * its programme, today's date and facts gathered beforehand) to one outcome with a message
 * in Dutch (`message`, the API's language) and English (`messageEn`). No I/O, no clock:
 * everything a rule needs stands in its input, so each rule is tested on its own.
 */

export type Outcome = 'pass' | 'fail' | 'warn';

export const RULE_NAMES = [
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
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface RuleResult {
  rule: RuleName;
  outcome: Outcome;
  /** Dutch, for applicant and officer alike. */
  message: string;
  messageEn: string;
}

export interface RuleInput {
  /** The calendar date in the Netherlands when the check runs, as 2027-03-01. */
  today: string;
  application: {
    applicant: { postcode: string; dateOfBirth: string; targetGroup: string };
    employer: { kvkNumber: string; postcode: string } | null;
    training: { provider: string; kind: string; startsOn: string; costCents: number };
    requestedAmountCents: number;
  };
  programme: {
    minAmountCents: number;
    maxAmountCents: number;
    maxCoFundingPercent: number;
    /** First and last calendar day (Netherlands) on which a training may start. */
    opensOn: string;
    closesOn: string;
    region: Region;
    targetGroups: string[];
    trainingKinds: string[];
    providerCap: number | null;
  };
  /** Looked up before the rules run: counts from the database, answers of outside registers. */
  facts: {
    /**
     * The owner's applications in this programme submitted before this one that are still
     * submitted, reviewed or granted.
     */
    otherActiveApplications: number;
    /** Vouchers granted or completed in this programme for the same training provider. */
    providerVoucherCount: number;
    /** Budget minus committed minus spent. */
    availableCents: number;
    /** KvK answer for the employer: null when the register could not be asked (or no employer). */
    kvkRegistered: boolean | null;
    /** Training register answer for the provider: null when it could not be asked. */
    providerKnown: boolean | null;
  };
}

export type Rule = (input: RuleInput) => RuleResult;

/** One rule's answer, in Dutch and English. */
export const result = (rule: RuleName, outcome: Outcome, message: string, messageEn: string): RuleResult => ({
  rule,
  outcome,
  message,
  messageEn,
});

/** The worse of outcomes: fail over warn over pass. */
export function worst(outcomes: Outcome[]): Outcome {
  if (outcomes.includes('fail')) return 'fail';
  if (outcomes.includes('warn')) return 'warn';
  return 'pass';
}
