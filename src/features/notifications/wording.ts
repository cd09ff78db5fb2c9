/**
 * The words and formats messages use, in the two languages of the portal (Dutch first,
 * English second). Templates hold the sentences; this file holds what fills them in.
 */

export type Locale = 'nl' | 'en';

export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'nl';
}

const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

const WORDS: Record<string, Record<Locale, Record<string, string>>> = {
  status: {
    nl: {
      submitted: 'ingediend',
      'information-requested': 'wacht op uw aanvulling',
      reviewed: 'beoordeeld',
      granted: 'toegekend',
      rejected: 'afgewezen',
      'not-considered': 'buiten behandeling gesteld',
      objection: 'bezwaar in behandeling',
      completed: 'afgerond',
      withdrawn: 'ingetrokken',
      expired: 'verlopen',
    },
    en: {
      submitted: 'submitted',
      'information-requested': 'waiting for your information',
      reviewed: 'reviewed',
      granted: 'granted',
      rejected: 'rejected',
      'not-considered': 'not considered',
      objection: 'objection being decided',
      completed: 'completed',
      withdrawn: 'withdrawn',
      expired: 'expired',
    },
  },
  /** What someone did, for lists of the day's steps ("2 aangevuld"). */
  action: {
    nl: {
      submit: 'ingediend',
      review: 'beoordeeld',
      'request-information': 'informatie opgevraagd',
      supplement: 'aangevuld',
      'not-consider': 'buiten behandeling gesteld',
      grant: 'toegekend',
      reject: 'afgewezen',
      object: 'bezwaar gemaakt',
      uphold: 'bezwaar gegrond',
      dismiss: 'bezwaar ongegrond',
      complete: 'afgerond',
      withdraw: 'ingetrokken',
      expire: 'verlopen',
    },
    en: {
      submit: 'submitted',
      review: 'reviewed',
      'request-information': 'information requested',
      supplement: 'supplemented',
      'not-consider': 'not considered',
      grant: 'granted',
      reject: 'rejected',
      object: 'objected to',
      uphold: 'objection upheld',
      dismiss: 'objection dismissed',
      complete: 'completed',
      withdraw: 'withdrawn',
      expire: 'expired',
    },
  },
  targetGroup: {
    nl: {
      jobseeker: 'werkzoekenden',
      employee: 'werknemers',
      'career-switcher': 'zij-instromers',
      'self-employed': 'zelfstandigen',
      teacher: '(toekomstige) docenten',
    },
    en: {
      jobseeker: 'job seekers',
      employee: 'employees',
      'career-switcher': 'career switchers',
      'self-employed': 'self-employed',
      teacher: '(future) teachers',
    },
  },
  trainingKind: {
    nl: { upskilling: 'bijscholing', reskilling: 'omscholing', retraining: 'herscholing' },
    en: { upskilling: 'upskilling', reskilling: 'reskilling', retraining: 'retraining' },
  },
  gender: {
    nl: { female: 'vrouwen', male: 'mannen', 'non-binary': 'non-binair', undisclosed: 'niet opgegeven' },
    en: { female: 'women', male: 'men', 'non-binary': 'non-binary', undisclosed: 'not disclosed' },
  },
};

/** The word for a value of a vocabulary (status, targetGroup, trainingKind, gender); the value itself when unknown. */
export function wordFor(kind: string, value: string, locale: Locale): string {
  return WORDS[kind]?.[locale]?.[value] ?? value;
}

/** Intl formatters are costly to build and cheap to reuse: one per locale and kind. */
function perLocale<F>(make: (intlLocale: string) => F): Record<Locale, F> {
  return { nl: make(INTL_LOCALE.nl), en: make(INTL_LOCALE.en) };
}
const EUROS = perLocale((l) => new Intl.NumberFormat(l, { style: 'currency', currency: 'EUR' }));
const LONG_DATE = perLocale(
  (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);
const DATE_TIME = perLocale(
  (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
);

/** Euro cents as people read them: € 2.500,00 (nl-NL) or €2,500.00 (en-GB). */
export function euros(cents: number, locale: Locale): string {
  return EUROS[locale].format(cents / 100);
}

/** A calendar date (2028-03-07) as people read it: 7 maart 2028 or 7 March 2028. */
export function longDate(isoDate: string, locale: Locale): string {
  return LONG_DATE[locale].format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** A moment, in Dutch time: 21 november 2026 om 08:14 / 21 November 2026 at 08:14. */
export function dateTime(at: Date, locale: Locale): string {
  return DATE_TIME[locale].format(at);
}

/**
 * Counts by category as indented lines ("  - vrouwen: 2"), in the order of `order` and then
 * any other category (jsonb does not keep key order, so the order comes from the vocabulary).
 */
export function breakdownLines(
  kind: string,
  counts: Record<string, number>,
  locale: Locale,
  order: readonly string[] = [],
): string {
  const keys = [
    ...order.filter((k) => k in counts),
    ...Object.keys(counts)
      .filter((k) => !order.includes(k))
      .sort(),
  ];
  return keys.map((value) => `  - ${wordFor(kind, value, locale)}: ${counts[value]}`).join('\n');
}

export function ordinalWord(n: number, locale: Locale): string {
  if (locale === 'nl') return `${n}e`;
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
