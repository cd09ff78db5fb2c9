import { euros, longDate, dateTime } from '../../../features/notifications/wording';
import { en } from './en';
import { Catalogue, nl } from './nl';

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const CATALOGUES: Record<Lang, Catalogue> = { nl, en };

export function isLang(value: unknown): value is Lang {
  return value === 'nl' || value === 'en';
}

/** Fills {placeholders}; one without a value is left visible, so a test catches it. */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** What a page needs to speak: the catalogue, and money and dates as readers of the language expect them. */
export interface Speech {
  lang: Lang;
  t: Catalogue;
  /** € 2.500,00 / €2,500.00 */
  money: (cents: number) => string;
  /** 7 maart 2027 / 7 March 2027 */
  date: (isoDate: string) => string;
  /** 7 maart 2027 om 14:05 / 7 March 2027 at 14:05 */
  moment: (at: Date | string) => string;
}

export function speech(lang: Lang): Speech {
  return {
    lang,
    t: CATALOGUES[lang],
    money: (cents) => euros(cents, lang),
    date: (isoDate) => longDate(isoDate, lang),
    moment: (at) => dateTime(typeof at === 'string' ? new Date(at) : at, lang),
  };
}
