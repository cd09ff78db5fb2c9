import { result, Rule } from './rule';

/** The four digits of a Dutch postcode ("7511 AB" → "7511"), or null when there are none. */
export function postcodeDigits(postcode: string | undefined | null): string | null {
  const match = /^\s*([1-9][0-9]{3})/.exec(postcode ?? '');
  return match ? match[1] : null;
}

/** Whether four postcode digits fall in one of the ranges, bounds included. */
export function inRegion(digits: string | null, ranges: [string, string][]): boolean {
  return digits !== null && ranges.some(([from, to]) => from <= digits && digits <= to);
}

/**
 * The applicant lives in the programme's region, or their employer is there (docs/domain.md).
 * Regions are four-digit postcode ranges from the programme's configuration.
 */
export const regionRule: Rule = ({ application, programme }) => {
  const ranges = programme.region?.postcodeRanges ?? [];
  const home = postcodeDigits(application.applicant.postcode);
  const work = application.employer ? postcodeDigits(application.employer.postcode) : null;
  if (inRegion(home, ranges)) {
    return result(
      'region',
      'pass',
      `De postcode van de aanvrager (${home}) ligt in het gebied van de regeling.`,
      `The applicant's postcode (${home}) lies in the programme's region.`,
    );
  }
  if (inRegion(work, ranges)) {
    return result(
      'region',
      'pass',
      `De postcode van de werkgever (${work}) ligt in het gebied van de regeling.`,
      `The employer's postcode (${work}) lies in the programme's region.`,
    );
  }
  const area = ranges.map(([from, to]) => `${from}–${to}`).join(', ');
  return application.employer
    ? result(
        'region',
        'fail',
        `Noch de postcode van de aanvrager (${home ?? '?'}) noch die van de werkgever (${work ?? '?'}) ligt in het gebied van de regeling (${area}).`,
        `Neither the applicant's postcode (${home ?? '?'}) nor the employer's (${work ?? '?'}) lies in the programme's region (${area}).`,
      )
    : result(
        'region',
        'fail',
        `De postcode van de aanvrager (${home ?? '?'}) ligt niet in het gebied van de regeling (${area}).`,
        `The applicant's postcode (${home ?? '?'}) does not lie in the programme's region (${area}).`,
      );
};
