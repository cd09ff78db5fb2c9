/** Formatting shared by the rules' messages: money and dates in Dutch and English, domain words. */
import { memo } from '../../../platform/kernel/memo';

const euroNl = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const euroEn = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const dateNl = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' });
const dateEn = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** Intl puts no-break spaces in ("€ 2.500,00"); messages carry plain ones, as people type them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

// Remembered per value: the checks of a programme's applications repeat the same few amounts and dates.
/** 250000 → "€ 2.500,00". */
export const moneyNl = memo((cents: number) => plain(euroNl.format(cents / 100)));
/** 250000 → "€2,500.00". */
export const moneyEn = memo((cents: number) => plain(euroEn.format(cents / 100)));
/** 2027-03-01 → "1 maart 2027". */
export const dayNl = memo((date: string) => plain(dateNl.format(new Date(`${date}T00:00:00Z`))));
/** 2027-03-01 → "1 March 2027". */
export const dayEn = memo((date: string) => plain(dateEn.format(new Date(`${date}T00:00:00Z`))));

const TARGET_GROUPS: Record<string, [nl: string, en: string]> = {
  jobseeker: ['werkzoekende', 'job seeker'],
  employee: ['werknemer', 'employee'],
  'career-switcher': ['zij-instromer', 'career switcher'],
  'self-employed': ['zelfstandige (zzp)', 'self-employed'],
  teacher: ['(toekomstig) docent', '(future) teacher'],
};

const TRAINING_KINDS: Record<string, [nl: string, en: string]> = {
  upskilling: ['bijscholing', 'upskilling'],
  reskilling: ['omscholing', 'reskilling'],
  retraining: ['herscholing', 'retraining'],
};

export const targetGroupNl = (group: string) => TARGET_GROUPS[group]?.[0] ?? group;
export const targetGroupEn = (group: string) => TARGET_GROUPS[group]?.[1] ?? group;
export const trainingKindNl = (kind: string) => TRAINING_KINDS[kind]?.[0] ?? kind;
export const trainingKindEn = (kind: string) => TRAINING_KINDS[kind]?.[1] ?? kind;

/** Dutch list: "a, b en c"; English: "a, b and c". */
export function listNl(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}
export function listEn(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
