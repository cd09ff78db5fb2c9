import { result, Rule } from './rule';

/**
 * Employees apply with their employer's KvK (Chamber of Commerce) number, which must be in the
 * trade register. Only for the target group employee; others pass with "not applicable".
 */
export const employerKvkRule: Rule = ({ application, facts }) => {
  if (application.applicant.targetGroup !== 'employee') {
    return result(
      'employer-kvk',
      'pass',
      'N.v.t.: alleen werknemers geven het KvK-nummer van hun werkgever op.',
      "n/a: only employees give their employer's KvK number.",
    );
  }
  const kvk = application.employer?.kvkNumber;
  if (!kvk) {
    return result(
      'employer-kvk',
      'fail',
      'Er is geen werkgever met KvK-nummer opgegeven, terwijl de aanvrager werknemer is.',
      'No employer with a KvK number was given, although the applicant is an employee.',
    );
  }
  if (facts.kvkRegistered === null) {
    return result(
      'employer-kvk',
      'warn',
      `Het Handelsregister van de KvK kon niet worden geraadpleegd; controleer KvK-nummer ${kvk} met de hand.`,
      `The KvK trade register could not be consulted; check KvK number ${kvk} by hand.`,
    );
  }
  if (!facts.kvkRegistered) {
    return result(
      'employer-kvk',
      'fail',
      `KvK-nummer ${kvk} van de werkgever staat niet (meer) ingeschreven in het Handelsregister.`,
      `The employer's KvK number ${kvk} is not (or no longer) in the trade register.`,
    );
  }
  return result(
    'employer-kvk',
    'pass',
    `KvK-nummer ${kvk} van de werkgever staat ingeschreven in het Handelsregister.`,
    `The employer's KvK number ${kvk} is in the trade register.`,
  );
};
