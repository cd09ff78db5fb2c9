import { SubmitApplicationDto } from '../../../features/applications/application.dto';
import { validateLikeApi } from '../../../platform/http/validation.pipe';
import type { Lang } from '../i18n/i18n';

/**
 * The apply form: one question page per topic (docs/architecture.md, "The web pages"). Answers
 * are kept as typed, under the field's path in the API body (`applicant.postcode`), and judged
 * by the API's own DTO (SubmitApplicationDto), so a page refuses exactly what POST
 * /api/v1/applications refuses.
 */

export const STEPS = ['personal', 'situation', 'employer', 'training', 'amount', 'consent'] as const;
export type Step = (typeof STEPS)[number];
export type Answers = Record<string, string>;

export const STEP_FIELDS: Record<Step, readonly string[]> = {
  personal: ['applicant.name', 'applicant.email', 'applicant.postcode', 'applicant.dateOfBirth', 'applicant.gender'],
  situation: ['applicant.targetGroup'],
  employer: ['employer.name', 'employer.kvkNumber', 'employer.postcode'],
  training: [
    'training.provider',
    'training.title',
    'training.kind',
    'training.startsOn',
    'training.endsOn',
    'training.costCents',
  ],
  amount: ['requestedAmountCents', 'motivation'],
  consent: ['applicant.publicityConsent'],
};

const MONEY_FIELDS = new Set(['training.costCents', 'requestedAmountCents']);
const DATE_FIELDS = new Set(['applicant.dateOfBirth', 'training.startsOn', 'training.endsOn']);
/** Longest answer kept for any field: longer than any field allows, so the DTO still says what is wrong. */
const MAX_ANSWER = 5000;

/** The id of a field's input in the page, and the target of its error-summary link. */
export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;

/** The steps this applicant goes through: the employer page only for employees. */
export function stepsFor(answers: Answers): Step[] {
  return STEPS.filter((s) => s !== 'employer' || answers['applicant.targetGroup'] === 'employee');
}

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

/**
 * The answers a page's form sent for `step`, as strings. A field sent twice, or a value that is
 * not text, is kept as an answer the DTO refuses (and named as such), never guessed at.
 */
export function answersFrom(body: Record<string, unknown>, step: Step): { answers: Answers; unreadable: string[] } {
  const answers: Answers = {};
  const unreadable: string[] = [];
  for (const field of STEP_FIELDS[step]) {
    const value = Object.hasOwn(body, field) ? body[field] : undefined;
    if (value === undefined) {
      answers[field] = '';
    } else if (typeof value === 'string' && value.length <= MAX_ANSWER && !value.includes('\u0000')) {
      answers[field] = value;
    } else {
      answers[field] = '';
      unreadable.push(field);
    }
  }
  return { answers, unreadable };
}

/** "2.500,00", "2500", "2,500.00", "€ 2500" → 250000 cents; anything else stays as typed (the DTO refuses it). */
export function parseMoney(text: string): number | string {
  const t = text.replace(/^\s*€?\s*/, '').replace(/\s+$/, '');
  let m = /^([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t); // Dutch: 2.500,00
  if (m) return Number(m[1].replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  m = /^([1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(t); // English: 2,500.00
  if (m) return Number(m[1].replace(/,/g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return text;
}

/** "12-04-1990", "12/4/1990", "1990-04-12" → 1990-04-12; anything else stays as typed. */
export function parseDate(text: string): string {
  const dmy = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(text);
  if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  return text;
}

/** An ISO date shown the way the form asks for it: 1990-04-12 → 12-04-1990. */
export function showDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** Euro cents shown the way the form asks for it: 250000 → 2500 (or 2500,50). */
export function showMoney(cents: number, lang: Lang): string {
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(euros) : `${euros}${lang === 'nl' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
}

function set(target: Record<string, unknown>, path: string, value: unknown) {
  const [head, tail] = path.split('.');
  if (tail === undefined) target[head] = value;
  else target[head] = { ...(target[head] ?? {}), [tail]: value };
}

/** The API body these answers make: money in cents, dates in ISO form, yes/no as a boolean. */
export function bodyFrom(programmeCode: string, answers: Answers, lang: Lang): Record<string, unknown> {
  const body: Record<string, unknown> = { programmeCode, applicant: { locale: lang } };
  const employee = answers['applicant.targetGroup'] === 'employee';
  for (const step of STEPS) {
    if (step === 'employer' && !employee) continue;
    for (const field of STEP_FIELDS[step]) {
      const raw = answers[field] ?? '';
      if (field === 'motivation') {
        if (raw.trim() !== '') set(body, field, raw);
        continue;
      }
      // Text goes to the API's rules as typed: what POST /api/v1/applications refuses, the page refuses.
      let value: unknown = raw;
      if (MONEY_FIELDS.has(field)) value = parseMoney(raw);
      else if (DATE_FIELDS.has(field)) value = parseDate(raw);
      else if (field === 'applicant.publicityConsent') value = raw === 'yes' ? true : raw === 'no' ? false : raw;
      set(body, field, value);
    }
  }
  return body;
}

/**
 * The fields whose answers the API would refuse, judged by SubmitApplicationDto as the API
 * judges it. A whole missing object (employer) counts for its fields.
 */
export function invalidFields(body: Record<string, unknown>): Set<string> {
  const fields = new Set<string>();
  for (const { name } of validateLikeApi(SubmitApplicationDto, body)) {
    if (name === 'employer') STEP_FIELDS.employer.forEach((f) => fields.add(f));
    else fields.add(name);
  }
  return fields;
}

/** The first step with an unanswered or refused question, or null when the application is complete. */
export function firstIncomplete(programmeCode: string, answers: Answers, lang: Lang): Step | null {
  const invalid = invalidFields(bodyFrom(programmeCode, answers, lang));
  for (const step of stepsFor(answers)) {
    if (STEP_FIELDS[step].some((f) => invalid.has(f) || (f !== 'motivation' && !(f in answers)))) return step;
  }
  return null;
}
