import { CreateProgrammeDto, UpdateProgrammeDto } from '../../../features/programmes/programme.dto';
import type { Programme } from '../../../features/programmes/programme.entity';
import { REASON_TEXT_ACTIONS } from '../../../features/programmes/reason-texts';
import { validateLikeApi } from '../../../platform/http/validation.pipe';
import { DomainError } from '../../../platform/kernel/domain-error';
import { addDays, dutchDate, startOfDutchDay } from '../../../platform/kernel/dates';
import { TARGET_GROUPS, TRAINING_KINDS } from '../../../platform/kernel/vocabulary';
import { parseDate, parseMoney, showDate, showMoney } from '../apply/apply-form';
import type { Lang } from '../i18n/i18n';

/**
 * The admin's programme form. Its fields are named by the API body's paths (`budgetCents`,
 * `region.postcodeRanges`), hold what the admin typed (euros, dates as 01-01-2027, one range
 * per line), and are judged by the API's own DTOs with the API's validation options, then by
 * ProgrammesService (the rules across fields, the budget floor): one place for each rule, so
 * the page refuses exactly what POST and PATCH /api/v1/programmes refuse.
 */

export const TEXT_FIELDS = [
  'code',
  'name',
  'province',
  'funders',
  'budgetCents',
  'minAmountCents',
  'maxAmountCents',
  'maxCoFundingPercent',
  'opensAt',
  'closesAt',
  'region.postcodeRanges',
  'milestones',
  'targets.vouchers',
  'fourEyes',
  'voucherValidityDays',
  'providerCap',
  'informationTermDays',
] as const;
export const LIST_FIELDS = ['targetGroups', 'trainingKinds'] as const;
/** The programme's standard reason texts: one field per action, one text per line. */
export const REASON_TEXT_FIELDS = REASON_TEXT_ACTIONS.map((action) => `reasonTexts.${action}`);
/** Every field in the order the form shows them (and the error summary lists them). */
export const FORM_FIELDS = [
  ...TEXT_FIELDS.slice(0, 11),
  ...LIST_FIELDS,
  ...TEXT_FIELDS.slice(11),
  ...REASON_TEXT_FIELDS,
] as readonly string[];

export type ProgrammeAnswers = Record<string, string | string[]>;

const MAX_ANSWER = 10_000;

/** The id of a field's input, and the target of its error-summary link (the first checkbox of a list). */
export const programmeFieldId = (path: string) => `p-${path.replace(/\./g, '-')}`;

/** What the form sent, as text (or lists of text); anything else becomes an empty answer the DTO refuses. */
export function programmeAnswersFrom(body: Record<string, unknown>): ProgrammeAnswers {
  const answers: ProgrammeAnswers = {};
  const text = (v: unknown) => (typeof v === 'string' && v.length <= MAX_ANSWER && !v.includes('\u0000') ? v : '');
  for (const field of [...TEXT_FIELDS, ...REASON_TEXT_FIELDS]) {
    answers[field] = Object.hasOwn(body, field) ? text(body[field]) : '';
  }
  for (const field of LIST_FIELDS) {
    const value = Object.hasOwn(body, field) ? body[field] : [];
    answers[field] = ([] as unknown[]).concat(value).map(text).filter(Boolean).slice(0, 20);
  }
  return answers;
}

/** The form filled in with a programme as it is stored. */
export function programmeAnswersOf(p: Programme, lang: Lang): ProgrammeAnswers {
  return {
    code: p.code,
    name: p.name,
    province: p.province,
    funders: p.funders.join('\n'),
    budgetCents: showMoney(p.budgetCents, lang),
    minAmountCents: showMoney(p.minAmountCents, lang),
    maxAmountCents: showMoney(p.maxAmountCents, lang),
    maxCoFundingPercent: String(p.maxCoFundingPercent),
    opensAt: showDate(dutchDate(p.opensAt)),
    closesAt: showDate(dutchDate(p.closesAt)),
    'region.postcodeRanges': p.region.postcodeRanges.map(([from, to]) => `${from}-${to}`).join('\n'),
    targetGroups: [...p.targetGroups],
    trainingKinds: [...p.trainingKinds],
    milestones: p.milestones.join(', '),
    'targets.vouchers': p.targets?.vouchers === undefined ? '' : String(p.targets.vouchers),
    fourEyes: p.fourEyes ? 'yes' : 'no',
    voucherValidityDays: String(p.voucherValidityDays),
    providerCap: p.providerCap === null ? '' : String(p.providerCap),
    informationTermDays: String(p.informationTermDays),
    ...Object.fromEntries(REASON_TEXT_ACTIONS.map((a) => [`reasonTexts.${a}`, (p.reasonTexts?.[a] ?? []).join('\n')])),
  };
}

/** A new programme's form: the usual choices filled in. */
export function newProgrammeAnswers(): ProgrammeAnswers {
  return {
    ...Object.fromEntries([...TEXT_FIELDS, ...REASON_TEXT_FIELDS].map((f) => [f, ''])),
    targetGroups: [...TARGET_GROUPS],
    trainingKinds: [...TRAINING_KINDS],
    fourEyes: 'yes',
    maxCoFundingPercent: '100',
    voucherValidityDays: '365',
    informationTermDays: '14',
  };
}

const str = (answers: ProgrammeAnswers, field: string) => {
  const v = answers[field];
  return typeof v === 'string' ? v.trim() : '';
};

/** "12" → 12; anything else stays as typed (the DTO refuses it). */
function whole(text: string): number | string {
  return /^\d{1,12}$/.test(text) ? Number(text) : text;
}

/** "01-01-2027" → the moment that day begins (or ends) in the Netherlands; anything else as typed. */
function dayBoundary(text: string, end: boolean): string {
  const iso = parseDate(text);
  const day = new Date(`${iso}T00:00:00Z`);
  // A day that is not in the calendar (30-02-2027) stays as typed: JavaScript would roll it over.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso) {
    return text;
  }
  if (!end) return startOfDutchDay(iso).toISOString();
  return new Date(startOfDutchDay(addDays(iso, 1)).getTime() - 1000).toISOString();
}

/** The non-empty lines of a text, trimmed. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** "7400-7799" per line → [["7400", "7799"]]; a line that is no range stays as typed (the DTO refuses it). */
function ranges(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(line);
      return m ? [m[1], m[2]] : line;
    });
}

/** The API body these answers make (POST's; `forUpdate` leaves out the code, as PATCH wants). */
export function programmeBodyFrom(answers: ProgrammeAnswers, forUpdate: boolean): Record<string, unknown> {
  const s = (f: string) => str(answers, f);
  const optional = (f: string) => (s(f) === '' ? undefined : whole(s(f)));
  const milestones = s('milestones');
  const body: Record<string, unknown> = {
    ...(forUpdate ? {} : { code: s('code') }),
    name: s('name'),
    province: s('province'),
    funders: s('funders')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    budgetCents: parseMoney(s('budgetCents')),
    minAmountCents: parseMoney(s('minAmountCents')),
    maxAmountCents: parseMoney(s('maxAmountCents')),
    maxCoFundingPercent: whole(s('maxCoFundingPercent')),
    opensAt: dayBoundary(s('opensAt'), false),
    closesAt: dayBoundary(s('closesAt'), true),
    region: { postcodeRanges: ranges(s('region.postcodeRanges')) },
    targetGroups: answers.targetGroups,
    trainingKinds: answers.trainingKinds,
    milestones:
      milestones === ''
        ? []
        : milestones
            .split(/[,;\s]+/)
            .filter(Boolean)
            .map(whole),
    targets: s('targets.vouchers') === '' ? {} : { vouchers: whole(s('targets.vouchers')) },
    fourEyes: s('fourEyes') === 'yes' ? true : s('fourEyes') === 'no' ? false : s('fourEyes'),
    voucherValidityDays: whole(s('voucherValidityDays')),
    informationTermDays: optional('informationTermDays'),
    providerCap: s('providerCap') === '' ? null : whole(s('providerCap')),
    reasonTexts: Object.fromEntries(REASON_TEXT_ACTIONS.map((a) => [a, lines(s(`reasonTexts.${a}`))])),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/**
 * A change as PATCH wants it: only the fields the admin changed from what the form showed, so
 * saving a new name leaves the stored moments of opening and closing (which the form shows as
 * days) exactly as they were.
 */
export function changedOnly(
  body: Record<string, unknown>,
  answers: ProgrammeAnswers,
  shown: ProgrammeAnswers,
): Record<string, unknown> {
  const same = (a: string | string[] | undefined, b: string | string[] | undefined) =>
    Array.isArray(a) && Array.isArray(b) ? a.join('\n') === b.join('\n') : (a ?? '') === (b ?? '');
  const changes = { ...body };
  // A body field goes when none of the form fields it is made of changed (reasonTexts: one per action).
  for (const key of new Set(FORM_FIELDS.map((field) => field.split('.')[0]))) {
    const parts = FORM_FIELDS.filter((field) => field.split('.')[0] === key);
    if (parts.every((field) => same(answers[field], shown[field]))) delete changes[key];
  }
  return changes;
}

/** A field the validators name, as the form names it. */
function formField(name: string): string {
  if (name === 'region' || name.startsWith('region.')) return 'region.postcodeRanges';
  if (name === 'targets' || name.startsWith('targets.')) return 'targets.vouchers';
  if (name.startsWith('reasonTexts.')) return name.split('.').slice(0, 2).join('.');
  if (name === 'reasonTexts') return REASON_TEXT_FIELDS[0];
  return name.split('.')[0];
}

/** The fields the API's DTO refuses in `body`, judged as the API judges it. */
export function invalidProgrammeFields(body: Record<string, unknown>, forUpdate: boolean): Set<string> {
  const problems = validateLikeApi(forUpdate ? UpdateProgrammeDto : CreateProgrammeDto, body);
  return new Set(problems.map((p) => formField(p.name)));
}

/**
 * The field (and message key) a refusal of ProgrammesService names: an invalid field across
 * fields (max below min, closing before opening), the code taken, the budget below what is
 * committed and spent. Null for anything else.
 */
export function refusedFields(error: unknown): { field: string; message: string }[] | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === 'programme-exists') return [{ field: 'code', message: 'programme-exists' }];
  if (error.code === 'budget-below-commitments') {
    return [{ field: 'budgetCents', message: 'budget-below-commitments' }];
  }
  if (error.code === 'invalid-request' && error.invalidParams.length > 0) {
    return error.invalidParams.map((p) => ({ field: formField(p.name), message: formField(p.name) }));
  }
  return null;
}
