import { result, Rule } from './rule';
import { dayEn, dayNl } from './wording';

export const MIN_AGE = 18;
/**
 * State pension age (AOW) as docs/domain.md has it: "18 up to state pension age (67)". "Up to"
 * is read as exclusive: someone who is 67 on the start date has reached state pension age
 * and fails; 66 (up to the day before the 67th birthday) passes.
 */
export const STATE_PENSION_AGE = 67;

/**
 * Age in whole years on `on`, both dates as YYYY-MM-DD, by birthday arithmetic: a year counts
 * from the birthday itself. Someone born on 29 February has their birthday on 1 March in
 * years without one (their age goes up when 28 February has passed).
 */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const beforeBirthday = m < bm || (m === bm && d < bd);
  return y - by - (beforeBirthday ? 1 : 0);
}

/** Age 18 up to state pension age at the start of the training (STAP). */
export const ageRule: Rule = ({ application }) => {
  const starts = application.training.startsOn;
  const age = ageOn(application.applicant.dateOfBirth, starts);
  if (age < MIN_AGE) {
    return result(
      'age',
      'fail',
      `De aanvrager is op de startdatum (${dayNl(starts)}) ${Math.max(age, 0)} jaar; de minimumleeftijd is ${MIN_AGE}.`,
      `The applicant is ${Math.max(age, 0)} on the start date (${dayEn(starts)}); the minimum age is ${MIN_AGE}.`,
    );
  }
  if (age >= STATE_PENSION_AGE) {
    return result(
      'age',
      'fail',
      `De aanvrager is op de startdatum (${dayNl(starts)}) ${age} jaar en heeft dan de AOW-leeftijd (${STATE_PENSION_AGE}) bereikt.`,
      `The applicant is ${age} on the start date (${dayEn(starts)}) and has then reached state pension age (${STATE_PENSION_AGE}).`,
    );
  }
  return result(
    'age',
    'pass',
    `De aanvrager is op de startdatum ${age} jaar (${MIN_AGE} tot de AOW-leeftijd van ${STATE_PENSION_AGE}).`,
    `The applicant is ${age} on the start date (${MIN_AGE} up to state pension age, ${STATE_PENSION_AGE}).`,
  );
};
