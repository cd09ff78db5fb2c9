import type { ComponentChildren } from 'preact';
import { fill } from '../i18n/i18n';
import {
  Alert,
  Button,
  ErrorSummary,
  FieldError,
  Heading1,
  Link,
  Paragraph,
  Radios,
  SummaryList,
  TextArea,
  TextField,
} from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

/** What a question page shows: the programme, the step, the answers as typed, the problems per field. */
export interface QuestionPageModel {
  programme: {
    code: string;
    name: string;
    minAmountCents: number;
    maxAmountCents: number;
    maxCoFundingPercent: number;
  };
  step: 'personal' | 'situation' | 'employer' | 'training' | 'amount' | 'consent';
  stepNumber: number;
  stepCount: number;
  answers: Record<string, string>;
  /** Field path → message. */
  errors: Record<string, string>;
  backHref: string;
  /** Set when the applicant came from the check page: after saving, go back there. */
  returnToCheck: boolean;
  targetGroups: string[];
  trainingKinds: string[];
}

const id = (path: string) => `f-${path.replace(/\./g, '-')}`;

function QuestionForm({
  frame,
  model,
  title,
  children,
  titleInLegend,
}: {
  frame: Frame;
  model: QuestionPageModel;
  title: string;
  children: ComponentChildren;
  titleInLegend?: boolean;
}) {
  const { t } = frame.speech;
  const errors: FieldError[] = Object.entries(model.errors).map(([path, message]) => ({ target: id(path), message }));
  return (
    <Layout
      frame={frame}
      title={`${title} - ${fill(t.apply.titleSuffix, { programme: model.programme.name })}`}
      hasErrors={errors.length > 0}
    >
      <Paragraph>
        <Link href={model.backHref}>{t.apply.back}</Link>
      </Paragraph>
      <ErrorSummary title={t.errors.summaryTitle} errors={errors} />
      <p class="utrecht-paragraph vv-hint">
        {model.programme.name} · {fill(t.apply.stepOf, { n: model.stepNumber, total: model.stepCount })}
      </p>
      <form method="post" action={`/apply/${model.programme.code}/${model.step}`} novalidate>
        <CsrfField frame={frame} />
        {model.returnToCheck && <input type="hidden" name="return" value="check" />}
        {!titleInLegend && <Heading1>{title}</Heading1>}
        {children}
        <div class="vv-actions">
          <Button>{t.apply.continue}</Button>
        </div>
      </form>
      <Paragraph>{t.apply.saved}</Paragraph>
    </Layout>
  );
}

export function QuestionPage({ frame, model }: { frame: Frame; model: QuestionPageModel }) {
  const { t, money } = frame.speech;
  const a = t.apply;
  const v = t.vocabulary;
  const field = (path: string) => ({
    id: id(path),
    name: path,
    value: model.answers[path] ?? '',
    error: model.errors[path],
    errorPrefix: t.site.errorPrefix,
  });
  switch (model.step) {
    case 'personal':
      return (
        <QuestionForm frame={frame} model={model} title={a.personal.title}>
          <TextField {...field('applicant.name')} label={a.personal.name} autocomplete="name" />
          <TextField
            {...field('applicant.email')}
            label={a.personal.email}
            hint={a.personal.emailHint}
            type="email"
            autocomplete="email"
          />
          <TextField
            {...field('applicant.postcode')}
            label={a.personal.postcode}
            hint={a.personal.postcodeHint}
            autocomplete="postal-code"
            short
          />
          <TextField
            {...field('applicant.dateOfBirth')}
            label={a.personal.dateOfBirth}
            hint={a.personal.dateHint}
            autocomplete="bday"
            short
          />
          <Radios
            {...field('applicant.gender')}
            label={a.personal.gender}
            hint={a.personal.genderHint}
            options={(['female', 'male', 'non-binary', 'undisclosed'] as const).map((g) => ({
              value: g,
              label: v.gender[g],
            }))}
          />
        </QuestionForm>
      );
    case 'situation':
      return (
        <QuestionForm frame={frame} model={model} title={a.situation.title} titleInLegend>
          <Radios
            {...field('applicant.targetGroup')}
            label={a.situation.title}
            hint={a.situation.hint}
            legendAsHeading
            options={model.targetGroups.map((g) => ({ value: g, label: v.targetGroup[g as 'employee'] ?? g }))}
          />
        </QuestionForm>
      );
    case 'employer':
      return (
        <QuestionForm frame={frame} model={model} title={a.employer.title}>
          <TextField {...field('employer.name')} label={a.employer.name} autocomplete="organization" />
          <TextField
            {...field('employer.kvkNumber')}
            label={a.employer.kvkNumber}
            hint={a.employer.kvkHint}
            inputMode="numeric"
            short
          />
          <TextField {...field('employer.postcode')} label={a.employer.postcode} hint={a.personal.postcodeHint} short />
        </QuestionForm>
      );
    case 'training':
      return (
        <QuestionForm frame={frame} model={model} title={a.training.title}>
          <TextField {...field('training.provider')} label={a.training.provider} />
          <TextField {...field('training.title')} label={a.training.trainingTitle} />
          <Radios
            {...field('training.kind')}
            label={a.training.kind}
            options={model.trainingKinds.map((k) => ({ value: k, label: v.trainingKind[k as 'upskilling'] ?? k }))}
          />
          <TextField {...field('training.startsOn')} label={a.training.startsOn} hint={a.personal.dateHint} short />
          <TextField {...field('training.endsOn')} label={a.training.endsOn} hint={a.personal.dateHint} short />
          <TextField
            {...field('training.costCents')}
            label={a.training.cost}
            hint={a.training.costHint}
            inputMode="decimal"
            short
          />
        </QuestionForm>
      );
    case 'amount':
      return (
        <QuestionForm frame={frame} model={model} title={a.amount.title}>
          <TextField
            {...field('requestedAmountCents')}
            label={a.amount.amount}
            hint={fill(a.amount.amountHint, {
              min: money(model.programme.minAmountCents),
              max: money(model.programme.maxAmountCents),
              percent: model.programme.maxCoFundingPercent,
            })}
            inputMode="decimal"
            short
          />
          <TextArea {...field('motivation')} label={a.amount.motivation} hint={a.amount.motivationHint} />
        </QuestionForm>
      );
    case 'consent':
      return (
        <QuestionForm frame={frame} model={model} title={a.consent.title} titleInLegend>
          <Radios
            {...field('applicant.publicityConsent')}
            label={a.consent.title}
            hint={a.consent.hint}
            legendAsHeading
            options={[
              { value: 'yes', label: a.consent.yes },
              { value: 'no', label: a.consent.no },
            ]}
          />
        </QuestionForm>
      );
  }
}

export interface CheckRow {
  /** The question, and the page and field it is asked on. */
  question: string;
  answer: string;
  href: string;
}

export interface CheckPageModel {
  programme: { code: string; name: string };
  draftId: string;
  sections: { title: string; rows: CheckRow[] }[];
  /** Problems that keep it from being sent: each links to its question. */
  errors: FieldError[];
  /** A refusal of the lifecycle (programme closed, amount out of range), in words. */
  refusal: string | null;
}

export function CheckPage({ frame, model }: { frame: Frame; model: CheckPageModel }) {
  const { t } = frame.speech;
  const c = t.apply.check;
  const title = `${c.title} - ${fill(t.apply.titleSuffix, { programme: model.programme.name })}`;
  return (
    <Layout frame={frame} title={title} hasErrors={model.errors.length > 0 || model.refusal !== null}>
      <ErrorSummary title={t.errors.summaryTitle} errors={model.errors} />
      {model.refusal && <Alert type="error">{model.refusal}</Alert>}
      <Heading1>{c.title}</Heading1>
      <p class="utrecht-paragraph vv-hint">{model.programme.name}</p>
      {model.sections.map((section) => (
        <section key={section.title} aria-label={section.title}>
          <h2 class="utrecht-heading-2">{section.title}</h2>
          <SummaryList
            rows={section.rows.map((row) => ({
              key: row.question,
              value: row.answer === '' ? <em>{c.missing}</em> : row.answer,
              change: { href: row.href, text: t.apply.change, label: row.question },
            }))}
          />
        </section>
      ))}
      <form method="post" action={`/apply/${model.programme.code}/check`}>
        <CsrfField frame={frame} />
        <input type="hidden" name="draft" value={model.draftId} />
        <Paragraph>{c.declaration}</Paragraph>
        <div class="vv-actions">
          <Button>{c.submit}</Button>
        </div>
      </form>
    </Layout>
  );
}
