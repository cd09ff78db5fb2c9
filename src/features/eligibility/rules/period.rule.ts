import { result, Rule } from './rule';
import { dayEn, dayNl } from './wording';

/**
 * The training starts within the programme's period (first to last day, both included) and
 * not before today (STAP: the training must start within the programme period).
 */
export const periodRule: Rule = ({ application, programme, today }) => {
  const starts = application.training.startsOn;
  if (starts < today) {
    return result(
      'period',
      'fail',
      `De opleiding begint op ${dayNl(starts)}, en dat is al voorbij.`,
      `The training starts on ${dayEn(starts)}, which has already passed.`,
    );
  }
  if (starts < programme.opensOn || starts > programme.closesOn) {
    return result(
      'period',
      'fail',
      `De opleiding begint op ${dayNl(starts)}, buiten de looptijd van de regeling (${dayNl(programme.opensOn)} tot en met ${dayNl(programme.closesOn)}).`,
      `The training starts on ${dayEn(starts)}, outside the programme's period (${dayEn(programme.opensOn)} to ${dayEn(programme.closesOn)} inclusive).`,
    );
  }
  return result(
    'period',
    'pass',
    `De opleiding begint op ${dayNl(starts)}, binnen de looptijd van de regeling.`,
    `The training starts on ${dayEn(starts)}, within the programme's period.`,
  );
};
