import { REASON_TEXT_ACTIONS } from '../../../features/programmes/reason-texts';
import { fill } from '../i18n/i18n';
import {
  Alert,
  Button,
  ButtonLink,
  ErrorSummary,
  Heading1,
  Heading2,
  Link,
  Paragraph,
  Radios,
  TextArea,
  TextField,
} from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

export interface AdminProgrammeRow {
  code: string;
  name: string;
  province: string;
  status: 'upcoming' | 'open' | 'closed';
  opensOn: string;
  closesOn: string;
  budgetCents: number;
}

/** Every programme, newest first, each with a link to change it; a button to make a new one. */
export function AdminProgrammesPage({
  frame,
  programmes,
  notice,
}: {
  frame: Frame;
  programmes: AdminProgrammeRow[];
  notice: string | null;
}) {
  const { t, money, date } = frame.speech;
  const a = t.admin.list;
  return (
    <Layout frame={frame} title={a.title}>
      {notice && <Alert type="ok">{notice}</Alert>}
      <Heading1>{a.title}</Heading1>
      <Paragraph>
        <ButtonLink href="/admin/programmes/new">{a.new}</ButtonLink>
      </Paragraph>
      {programmes.length === 0 ? (
        <Paragraph>{a.none}</Paragraph>
      ) : (
        <div class="vv-table-scroll">
          <table class="utrecht-table vv-table">
            <caption class="utrecht-table__caption">{a.caption}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  {a.name}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.code}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.province}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.status}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.period}
                </th>
                <th class="utrecht-table__header-cell vv-number" scope="col">
                  {a.budget}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {programmes.map((p) => (
                <tr class="utrecht-table__row" key={p.code}>
                  <th class="utrecht-table__header-cell" scope="row">
                    <Link href={`/admin/programmes/${p.code}`}>
                      {p.name}
                      <span class="vv-visually-hidden"> ({a.edit})</span>
                    </Link>
                  </th>
                  <td class="utrecht-table__cell">{p.code}</td>
                  <td class="utrecht-table__cell">{p.province}</td>
                  <td class="utrecht-table__cell">{t.province.programmeStatus[p.status]}</td>
                  <td class="utrecht-table__cell">
                    {fill(a.periodText, { opens: date(p.opensOn), closes: date(p.closesOn) })}
                  </td>
                  <td class="utrecht-table__cell vv-number">{money(p.budgetCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface ProgrammeFormModel {
  /** Null for a new programme. */
  editing: { code: string; name: string; committedCents: number; spentCents: number } | null;
  answers: Record<string, string | string[]>;
  errors: { field: string; target: string; message: string }[];
}

const fieldId = (path: string) => `p-${path.replace(/\./g, '-')}`;

/** Checkboxes in a fieldset whose legend is the question; the first box's id is the error target. */
function Checkboxes({
  id,
  name,
  label,
  error,
  errorPrefix,
  values,
  options,
}: {
  id: string;
  name: string;
  label: string;
  error?: string;
  errorPrefix: string;
  values: readonly string[];
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div class={`vv-field${error ? ' vv-field--invalid' : ''}`}>
      <fieldset
        class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset vv-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{label}</legend>
        {error && (
          <span class="utrecht-form-field-error-message vv-error" id={`${id}-error`}>
            <span class="vv-visually-hidden">{errorPrefix}</span>
            {error}
          </span>
        )}
        {options.map((option, i) => {
          const optionId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="utrecht-form-field utrecht-form-field--checkbox vv-choice" key={option.value}>
              <input
                class="utrecht-checkbox utrecht-checkbox--html-input"
                type="checkbox"
                id={optionId}
                name={name}
                value={option.value}
                checked={values.includes(option.value)}
              />
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={optionId}>
                {option.label}
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** A new programme, or a change to one: every setting, grouped, with a message at each refused field. */
export function ProgrammeFormPage({ frame, model }: { frame: Frame; model: ProgrammeFormModel }) {
  const { t, money } = frame.speech;
  const f = t.admin.form;
  const r = t.reasonTexts;
  const v = t.vocabulary;
  const errorOf = (path: string) => model.errors.find((e) => e.field === path)?.message;
  const text = (path: string) => {
    const value = model.answers[path];
    return typeof value === 'string' ? value : '';
  };
  const list = (path: string) => {
    const value = model.answers[path];
    return Array.isArray(value) ? value : [];
  };
  const field = (path: string) => ({
    id: fieldId(path),
    name: path,
    value: text(path),
    error: errorOf(path),
    errorPrefix: t.site.errorPrefix,
  });
  const title = model.editing ? fill(f.editTitle, { name: model.editing.name }) : f.newTitle;
  const editing = model.editing;
  return (
    <Layout frame={frame} title={title} hasErrors={model.errors.length > 0}>
      <Paragraph>
        <Link href="/admin/programmes">{f.back}</Link>
      </Paragraph>
      <ErrorSummary title={t.errors.summaryTitle} errors={model.errors} />
      <Heading1>{title}</Heading1>
      <form method="post" action={editing ? `/admin/programmes/${editing.code}` : '/admin/programmes/new'} novalidate>
        <CsrfField frame={frame} />
        <section aria-labelledby="s-general">
          <Heading2 id="s-general">{f.general}</Heading2>
          {editing ? (
            <Paragraph>
              {f.code}: <strong>{editing.code}</strong>
            </Paragraph>
          ) : (
            <TextField {...field('code')} label={f.code} hint={f.codeHint} short />
          )}
          <TextField {...field('name')} label={f.name} />
          <TextField {...field('province')} label={f.province} hint={f.provinceHint} short />
          <TextArea {...field('funders')} label={f.funders} hint={f.fundersHint} />
        </section>
        <section aria-labelledby="s-money">
          <Heading2 id="s-money">{f.money}</Heading2>
          {editing && (editing.committedCents > 0 || editing.spentCents > 0) && (
            <Paragraph>
              {fill(f.counters, {
                committed: money(editing.committedCents),
                spent: money(editing.spentCents),
                floor: money(editing.committedCents + editing.spentCents),
              })}
            </Paragraph>
          )}
          <TextField {...field('budgetCents')} label={f.budgetCents} hint={f.budgetHint} inputMode="decimal" short />
          <TextField {...field('minAmountCents')} label={f.minAmountCents} inputMode="decimal" short />
          <TextField {...field('maxAmountCents')} label={f.maxAmountCents} inputMode="decimal" short />
          <TextField {...field('maxCoFundingPercent')} label={f.maxCoFundingPercent} inputMode="numeric" short />
        </section>
        <section aria-labelledby="s-period">
          <Heading2 id="s-period">{f.period}</Heading2>
          <TextField {...field('opensAt')} label={f.opensAt} hint={f.dateHint} short />
          <TextField {...field('closesAt')} label={f.closesAt} hint={f.dateHint} short />
        </section>
        <section aria-labelledby="s-who">
          <Heading2 id="s-who">{f.who}</Heading2>
          <TextArea {...field('region.postcodeRanges')} label={f.postcodeRanges} hint={f.postcodeRangesHint} />
          <Checkboxes
            {...field('targetGroups')}
            label={f.targetGroups}
            values={list('targetGroups')}
            options={Object.entries(v.targetGroupShort).map(([value, label]) => ({ value, label }))}
          />
          <Checkboxes
            {...field('trainingKinds')}
            label={f.trainingKinds}
            values={list('trainingKinds')}
            options={Object.entries(v.trainingKind).map(([value, label]) => ({ value, label }))}
          />
        </section>
        <section aria-labelledby="s-rules">
          <Heading2 id="s-rules">{f.rules}</Heading2>
          <Radios
            {...field('fourEyes')}
            label={f.fourEyes}
            hint={f.fourEyesHint}
            options={[
              { value: 'yes', label: f.fourEyesYes },
              { value: 'no', label: f.fourEyesNo },
            ]}
          />
          <TextField {...field('voucherValidityDays')} label={f.voucherValidityDays} inputMode="numeric" short />
          <TextField
            {...field('informationTermDays')}
            label={f.informationTermDays}
            hint={f.informationTermHint}
            inputMode="numeric"
            short
          />
          <TextField
            {...field('providerCap')}
            label={f.providerCap}
            hint={f.providerCapHint}
            inputMode="numeric"
            short
          />
        </section>
        <section aria-labelledby="s-figures">
          <Heading2 id="s-figures">{f.figures}</Heading2>
          <TextField
            {...field('targets.vouchers')}
            label={f.targetVouchers}
            hint={f.targetVouchersHint}
            inputMode="numeric"
            short
          />
          <TextField {...field('milestones')} label={f.milestones} hint={f.milestonesHint} />
        </section>
        <section aria-labelledby="s-reason-texts">
          <Heading2 id="s-reason-texts">{r.section}</Heading2>
          <Paragraph>{r.intro}</Paragraph>
          {REASON_TEXT_ACTIONS.map((action) => (
            <TextArea {...field(`reasonTexts.${action}`)} key={action} label={r.label[action]} hint={r.hint} />
          ))}
        </section>
        <div class="vv-actions">
          <Button>{editing ? f.save : f.create}</Button>
        </div>
      </form>
    </Layout>
  );
}
