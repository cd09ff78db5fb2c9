import type { ComponentChildren } from 'preact';
import {
  Alert,
  Button,
  ErrorSummary,
  FieldError,
  Heading1,
  Heading2,
  Heading3,
  Link,
  Paragraph,
  StatusTag,
  SummaryList,
  TextArea,
  TextField,
  UnorderedList,
} from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';
import { fill } from '../i18n/i18n';

/** One action's form, worded: what the lifecycle allows this officer now. */
export interface ActionForm {
  action: string;
  title: string;
  hint: string | null;
  button: string;
  reason: { id: string; label: string; hint: string | null; value: string; error?: string } | null;
  amount: { id: string; label: string; hint: string; value: string; error?: string } | null;
  standardTexts: { label: string; href: string }[];
}

export interface OfficerApplicationModel {
  id: string;
  reference: string;
  version: number;
  status: string;
  statusLabel: string;
  glance: { key: string; value: ComponentChildren }[];
  /** Open information request, objection or decision, worded. */
  notes: { title: string; lines: string[] }[];
  eligibility: { pending: boolean; checks: { rule: string; outcome: string; outcomeText: string; text: string }[] };
  documents: { id: string; name: string; kind: string; scan: string; href: string | null }[];
  history: { at: string; text: string; who: string; reason: string | null }[];
  budget: { rows: { key: string; value: string }[]; fit: string; fits: boolean };
  actions: ActionForm[];
  withheld: string[];
  notice: string | null;
  stale: string | null;
  errors: FieldError[];
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="vv-panel">
      <Heading2 id={id}>{title}</Heading2>
      {children}
    </section>
  );
}

/** One application as an officer sees it: the facts, the check, documents, history, budget and the allowed actions. */
export function OfficerApplicationPage({ frame, model }: { frame: Frame; model: OfficerApplicationModel }) {
  const { t, moment } = frame.speech;
  const a = t.officer.application;
  const title = fill(a.title, { reference: model.reference });
  return (
    <Layout frame={frame} title={title} hasErrors={model.errors.length > 0}>
      <Paragraph>
        <Link href="/officer">{a.back}</Link>
      </Paragraph>
      <ErrorSummary title={t.officer.errors.summaryTitle} errors={model.errors} />
      {model.stale && <Alert type="error">{model.stale}</Alert>}
      {model.notice && <Alert type="ok">{model.notice}</Alert>}
      <Heading1>{title}</Heading1>
      <Paragraph>
        {a.status}: <StatusTag status={model.status} label={model.statusLabel} />
      </Paragraph>

      <Section id="glance" title={a.glance}>
        <SummaryList rows={model.glance} />
      </Section>

      {model.notes.map((note, i) => (
        <Section id={`note-${i}`} title={note.title} key={note.title}>
          {note.lines.map((line) => (
            <Paragraph key={line}>{line}</Paragraph>
          ))}
        </Section>
      ))}

      <Section id="actions" title={a.actions}>
        {model.actions.length === 0 && <Paragraph>{a.noActions}</Paragraph>}
        {model.withheld.length > 0 && <UnorderedList items={model.withheld} />}
        {model.actions.map((form) => (
          <form
            method="post"
            action={`/officer/applications/${model.id}`}
            id={`action-${form.action}`}
            class="vv-action"
            key={form.action}
          >
            <Heading3>{form.title}</Heading3>
            <CsrfField frame={frame} />
            <input type="hidden" name="action" value={form.action} />
            <input type="hidden" name="version" value={String(model.version)} />
            {form.hint && <Paragraph>{form.hint}</Paragraph>}
            {form.amount && (
              <TextField
                id={form.amount.id}
                name="amount"
                label={form.amount.label}
                hint={form.amount.hint}
                value={form.amount.value}
                error={form.amount.error}
                errorPrefix={t.site.errorPrefix}
                inputMode="decimal"
                short
              />
            )}
            {form.standardTexts.length > 0 && (
              <div class="vv-standard-texts">
                <Paragraph>{t.officer.actions.standardTexts}</Paragraph>
                <UnorderedList
                  items={form.standardTexts.map((s) => (
                    <Link href={s.href}>{s.label}</Link>
                  ))}
                />
              </div>
            )}
            {form.reason && (
              <TextArea
                id={form.reason.id}
                name="reason"
                label={form.reason.label}
                hint={form.reason.hint ?? undefined}
                value={form.reason.value}
                error={form.reason.error}
                errorPrefix={t.site.errorPrefix}
              />
            )}
            <Button secondary={form.action !== 'grant' && form.action !== 'review'}>{form.button}</Button>
          </form>
        ))}
      </Section>

      <Section id="eligibility" title={a.eligibility}>
        {model.eligibility.pending && <Paragraph>{a.eligibilityPending}</Paragraph>}
        {!model.eligibility.pending && model.eligibility.checks.length === 0 && <Paragraph>{a.noChecks}</Paragraph>}
        {model.eligibility.checks.length > 0 && (
          <table class="utrecht-table vv-table">
            <caption class="vv-visually-hidden">{a.eligibility}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  {a.rule}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.outcome}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {a.explanation}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {model.eligibility.checks.map((c) => (
                <tr class="utrecht-table__row" key={c.rule}>
                  <th class="utrecht-table__header-cell" scope="row">
                    {c.rule}
                  </th>
                  <td class="utrecht-table__cell">
                    <strong class={`vv-outcome vv-outcome--${c.outcome}`}>{c.outcomeText}</strong>
                  </td>
                  <td class="utrecht-table__cell">{c.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="documents" title={a.documents}>
        {model.documents.length === 0 ? (
          <Paragraph>{a.noDocuments}</Paragraph>
        ) : (
          <UnorderedList
            items={model.documents.map((d) => (
              <>
                {d.href ? <Link href={d.href}>{fill(a.download, { name: d.name })}</Link> : d.name} ({d.kind}; {d.scan})
              </>
            ))}
          />
        )}
      </Section>

      <Section id="history" title={a.history}>
        <ol class="vv-timeline">
          {model.history.map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{moment(h.at)}</time>: {h.text} ({h.who})
              {h.reason && <Paragraph>{fill(a.reason, { reason: h.reason })}</Paragraph>}
            </li>
          ))}
        </ol>
      </Section>

      <Section id="budget" title={a.budget}>
        <SummaryList rows={model.budget.rows} />
        <Paragraph>{model.budget.fits ? model.budget.fit : <strong>{model.budget.fit}</strong>}</Paragraph>
      </Section>
    </Layout>
  );
}
