import { Outcome, result, Rule, worst } from './rule';

/** A provider within this share of its cap gets a warning: the cap is about to be reached. */
export const NEAR_CAP_PERCENT = 90;

/** Whether `count` vouchers are within the last 10% below `cap` (count ≥ 90% of cap). */
export const nearCap = (count: number, cap: number) => count * 100 >= cap * NEAR_CAP_PERCENT;

/**
 * The training provider's vouchers in this programme stay below the programme's cap (STAP
 * capped grants per training after fraud by providers): cap reached → fail, within 10% of
 * it → warn. The provider should also be in the training register: not found, or the register
 * unavailable, is a warning for the officer.
 */
export const providerCapRule: Rule = ({ application, programme, facts }) => {
  const provider = application.training.provider;
  const cap = programme.providerCap;
  const count = facts.providerVoucherCount;
  const parts: { outcome: Outcome; nl: string; en: string }[] = [];

  if (cap === null) {
    parts.push({
      outcome: 'pass',
      nl: `De regeling kent geen maximum aantal vouchers per opleider.`,
      en: `The programme has no cap on vouchers per provider.`,
    });
  } else if (count >= cap) {
    parts.push({
      outcome: 'fail',
      nl: `${provider} heeft het maximum van ${cap} vouchers in deze regeling bereikt (${count} toegekend).`,
      en: `${provider} has reached the cap of ${cap} vouchers in this programme (${count} granted).`,
    });
  } else if (nearCap(count, cap)) {
    parts.push({
      outcome: 'warn',
      nl: `${provider} nadert het maximum van ${cap} vouchers in deze regeling (${count} toegekend).`,
      en: `${provider} is close to the cap of ${cap} vouchers in this programme (${count} granted).`,
    });
  } else {
    parts.push({
      outcome: 'pass',
      nl: `${provider} heeft ${count} van de maximaal ${cap} vouchers in deze regeling.`,
      en: `${provider} has ${count} of at most ${cap} vouchers in this programme.`,
    });
  }

  if (facts.providerKnown === false) {
    parts.push({
      outcome: 'warn',
      nl: `${provider} staat niet in het opleidingsregister; controleer de opleider.`,
      en: `${provider} is not in the training register; check the provider.`,
    });
  } else if (facts.providerKnown === null) {
    parts.push({
      outcome: 'warn',
      nl: 'Het opleidingsregister kon niet worden geraadpleegd; controleer de opleider met de hand.',
      en: 'The training register could not be consulted; check the provider by hand.',
    });
  }

  return result(
    'provider-cap',
    worst(parts.map((p) => p.outcome)),
    parts.map((p) => p.nl).join(' '),
    parts.map((p) => p.en).join(' '),
  );
};
