import { result, Rule } from './rule';
import { moneyEn, moneyNl } from './wording';

/**
 * Budget left for the requested amount. Short of it is a warning, not a failure: withdrawals
 * and expiries free money, and the grant itself is refused when the budget really is gone.
 */
export const budgetRule: Rule = ({ application, facts }) => {
  const requested = application.requestedAmountCents;
  const available = Math.max(facts.availableCents, 0);
  if (available < requested) {
    return result(
      'budget',
      'warn',
      `Er is nog ${moneyNl(available)} beschikbaar in het budget van de regeling, minder dan het gevraagde bedrag (${moneyNl(requested)}). Er kan nog geld vrijkomen.`,
      `The programme has ${moneyEn(available)} of its budget left, less than the requested amount (${moneyEn(requested)}). Money may still be freed.`,
    );
  }
  return result(
    'budget',
    'pass',
    `Er is nog ${moneyNl(available)} beschikbaar in het budget van de regeling.`,
    `The programme has ${moneyEn(available)} of its budget left.`,
  );
};
