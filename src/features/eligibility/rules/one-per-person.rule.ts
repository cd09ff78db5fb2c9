import { result, Rule } from './rule';

/**
 * One voucher per person per programme (docs/domain.md): the person (the login subject, never a
 * BSN) has no earlier application in this programme that is submitted, reviewed or granted.
 * Earlier, so the first of two applications passes and the later one fails, whenever the check
 * runs; a withdrawn, rejected, expired or completed one does not count.
 */
export const onePerPersonRule: Rule = ({ facts }) => {
  const others = facts.otherActiveApplications;
  if (others > 0) {
    return result(
      'one-per-person',
      'fail',
      `De aanvrager heeft al ${others === 1 ? 'een eerdere lopende aanvraag' : `${others} eerdere lopende aanvragen`} in deze regeling; per persoon is er één voucher per regeling.`,
      `The applicant already has ${others === 1 ? 'an earlier active application' : `${others} earlier active applications`} in this programme; there is one voucher per person per programme.`,
    );
  }
  return result(
    'one-per-person',
    'pass',
    'De aanvrager heeft geen eerdere lopende aanvraag in deze regeling.',
    'The applicant has no earlier active application in this programme.',
  );
};
