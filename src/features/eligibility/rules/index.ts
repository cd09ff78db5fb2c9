import { ageRule } from './age.rule';
import { amountRule } from './amount.rule';
import { budgetRule } from './budget.rule';
import { employerKvkRule } from './employer-kvk.rule';
import { onePerPersonRule } from './one-per-person.rule';
import { periodRule } from './period.rule';
import { providerCapRule } from './provider-cap.rule';
import { regionRule } from './region.rule';
import { Rule, RuleInput, RuleResult } from './rule';
import { targetGroupRule } from './target-group.rule';
import { trainingKindRule } from './training-kind.rule';

export * from './rule';

/**
 * Every eligibility rule, in the order an officer reads them. Adding a rule is one line here
 * (and its name in RULE_NAMES).
 */
export const RULES: readonly Rule[] = [
  regionRule,
  targetGroupRule,
  trainingKindRule,
  amountRule,
  periodRule,
  ageRule,
  onePerPersonRule,
  budgetRule,
  employerKvkRule,
  providerCapRule,
];

export interface Evaluation {
  /** failed when any rule fails; warnings leave it passed (officers weigh them). */
  status: 'passed' | 'failed';
  checks: RuleResult[];
}

/** Runs every rule on one input. A failed rule does not reject: officers decide. */
export function evaluate(input: RuleInput, rules: readonly Rule[] = RULES): Evaluation {
  const checks = rules.map((rule) => rule(input));
  return { status: checks.some((c) => c.outcome === 'fail') ? 'failed' : 'passed', checks };
}
