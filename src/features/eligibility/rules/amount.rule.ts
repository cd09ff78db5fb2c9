import { result, Rule } from './rule';
import { moneyEn, moneyNl } from './wording';

/**
 * The requested amount lies within the programme's range and does not pass its share of the
 * cost (co-funding percentage). The same bound as the grant guard (maxGrantFor in
 * voucher-lifecycle.ts): min(max amount, floor(cost × percent / 100)).
 */
export const amountRule: Rule = ({ application, programme }) => {
  const requested = application.requestedAmountCents;
  const cost = application.training.costCents;
  const share = Math.floor((cost * programme.maxCoFundingPercent) / 100);
  if (requested < programme.minAmountCents) {
    return result(
      'amount',
      'fail',
      `Het gevraagde bedrag (${moneyNl(requested)}) ligt onder het minimum van de regeling (${moneyNl(programme.minAmountCents)}).`,
      `The requested amount (${moneyEn(requested)}) is below the programme's minimum (${moneyEn(programme.minAmountCents)}).`,
    );
  }
  if (requested > programme.maxAmountCents) {
    return result(
      'amount',
      'fail',
      `Het gevraagde bedrag (${moneyNl(requested)}) ligt boven het maximum van de regeling (${moneyNl(programme.maxAmountCents)}).`,
      `The requested amount (${moneyEn(requested)}) is above the programme's maximum (${moneyEn(programme.maxAmountCents)}).`,
    );
  }
  if (requested > share) {
    return result(
      'amount',
      'fail',
      `Het gevraagde bedrag (${moneyNl(requested)}) is meer dan ${programme.maxCoFundingPercent}% van de opleidingskosten van ${moneyNl(cost)} (ten hoogste ${moneyNl(share)}).`,
      `The requested amount (${moneyEn(requested)}) is more than ${programme.maxCoFundingPercent}% of the training cost of ${moneyEn(cost)} (at most ${moneyEn(share)}).`,
    );
  }
  return result(
    'amount',
    'pass',
    `Het gevraagde bedrag (${moneyNl(requested)}) past in de regeling (ten hoogste ${moneyNl(Math.min(share, programme.maxAmountCents))} voor deze opleiding).`,
    `The requested amount (${moneyEn(requested)}) fits the programme (at most ${moneyEn(Math.min(share, programme.maxAmountCents))} for this training).`,
  );
};
