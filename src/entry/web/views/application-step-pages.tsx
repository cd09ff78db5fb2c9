import type { ComponentChildren } from 'preact';
import { fill } from '../i18n/i18n';
import {
  Alert,
  Button,
  ErrorSummary,
  FieldError,
  Heading1,
  Heading2,
  Link,
  Paragraph,
  SummaryList,
  TextArea,
} from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

/**
 * The applicant's steps under the Awb: answering an information request, sending proof of
 * completion, lodging an objection; and what the application's page shows of them (the open
 * question, the objection, the documents). Forms with files are multipart, the form token first.
 */

/** A document on the application, as the applicant sees it. */
export interface DocumentRow {
  id: string;
  fileName: string;
  kind: string;
  scan: 'pending' | 'clean' | 'infected';
  uploadedAt: string;
}

/** What the application's page shows of the Awb steps. */
export interface StepsModel {
  /** The open question, while the application waits for the applicant. */
  information: { question: string; dueOn: string } | null;
  canSupplement: boolean;
  canObject: boolean;
  objection: { lodgedAt: string; decisionDueOn: string; outcome: null | 'upheld' | 'dismissed' } | null;
  canSendProof: boolean;
  documents: DocumentRow[];
}

/** The size limit in words: 10 MB, 64 kB. */
export function sizeLimit(bytes: number, lang: 'nl' | 'en'): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB').format(Math.round(mb * 10) / 10)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}

function ButtonLink({ href, children, secondary }: { href: string; children: string; secondary?: boolean }) {
  return (
    <a
      class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'} vv-button-link`}
      href={href}
    >
      {children}
    </a>
  );
}

export function DocumentsTable({ frame, id, documents }: { frame: Frame; id: string; documents: DocumentRow[] }) {
  const { moment } = frame.speech;
  const d = frame.speech.t.awb.detail;
  const kinds = d.kinds as Record<string, string>;
  return (
    <table class="vv-table">
      <thead>
        <tr>
          <th scope="col">{d.document}</th>
          <th scope="col">{d.kind}</th>
          <th scope="col">{d.uploadedAt}</th>
          <th scope="col">{d.scan}</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((doc) => (
          <tr key={doc.id}>
            <td>
              {doc.scan === 'clean' ? (
                <a
                  class="utrecht-link utrecht-link--html-a"
                  href={`/applications/${id}/documents/${doc.id}`}
                  aria-label={fill(d.download, { name: doc.fileName })}
                >
                  {doc.fileName}
                </a>
              ) : (
                doc.fileName
              )}
            </td>
            <td>{kinds[doc.kind] ?? doc.kind}</td>
            <td>{moment(doc.uploadedAt)}</td>
            <td>
              <span class={`vv-scan vv-scan--${doc.scan}`} data-scan={doc.scan}>
                {d.scans[doc.scan]}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Awb parts of the application's page: the open question, the objection, proof, documents. */
export function ApplicationSteps({ frame, id, steps }: { frame: Frame; id: string; steps: StepsModel }) {
  const { date } = frame.speech;
  const d = frame.speech.t.awb.detail;
  return (
    <>
      {steps.information && (
        <section aria-labelledby="information" class="vv-panel">
          <Heading2 id="information">{d.informationTitle}</Heading2>
          <Paragraph>
            <strong>{d.question}:</strong> {steps.information.question}
          </Paragraph>
          <Paragraph>{fill(d.dueOn, { date: date(steps.information.dueOn) })}</Paragraph>
          {steps.canSupplement && (
            <Paragraph>
              <ButtonLink href={`/applications/${id}/information`}>{d.answer}</ButtonLink>
            </Paragraph>
          )}
        </section>
      )}
      {steps.objection && (
        <section aria-labelledby="objection">
          <Heading2 id="objection">{d.objectionTitle}</Heading2>
          <Paragraph>{fill(d.objectionLodged, { date: frame.speech.moment(steps.objection.lodgedAt) })}</Paragraph>
          {steps.objection.outcome === null && (
            <Paragraph>{fill(d.objectionDue, { date: date(steps.objection.decisionDueOn) })}</Paragraph>
          )}
          {steps.objection.outcome === 'dismissed' && <Paragraph>{d.objectionOutcomeDismissed}</Paragraph>}
          {steps.objection.outcome === 'upheld' && <Paragraph>{d.objectionOutcomeUpheld}</Paragraph>}
        </section>
      )}
      {steps.canSendProof && (
        <section aria-labelledby="proof">
          <Heading2 id="proof">{d.proofTitle}</Heading2>
          <Paragraph>{d.proofIntro}</Paragraph>
          <Paragraph>
            <ButtonLink href={`/applications/${id}/proof`}>{d.proofLink}</ButtonLink>
          </Paragraph>
        </section>
      )}
      <section aria-labelledby="documents">
        <Heading2 id="documents">{d.documents}</Heading2>
        {steps.documents.length === 0 ? (
          <Paragraph>{d.noDocuments}</Paragraph>
        ) : (
          <DocumentsTable frame={frame} id={id} documents={steps.documents} />
        )}
      </section>
    </>
  );
}

/** The link to lodge an objection, shown in the decision's section while the lifecycle allows it. */
export function ObjectionLink({ frame, id }: { frame: Frame; id: string }) {
  return (
    <Paragraph>
      <ButtonLink href={`/applications/${id}/objection`} secondary>
        {frame.speech.t.awb.detail.object}
      </ButtonLink>
    </Paragraph>
  );
}

function FileField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  error?: string;
  errorPrefix: string;
  multiple?: boolean;
}) {
  const { id, name, label, hint, error, multiple } = props;
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`utrecht-form-field vv-field${error ? ' utrecht-form-field--invalid vv-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <span class="utrecht-form-field-description vv-hint" id={`${id}-hint`}>
        {hint}
      </span>
      {error && (
        <span class="utrecht-form-field-error-message vv-error" id={`${id}-error`}>
          <span class="vv-visually-hidden">{props.errorPrefix}</span>
          {error}
        </span>
      )}
      <div class="utrecht-form-field__input">
        <input
          type="file"
          id={id}
          name={name}
          multiple={multiple}
          accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        />
      </div>
    </div>
  );
}

interface StepPageBase {
  id: string;
  reference: string;
  /** The step is not possible now: the reason in words, and no form. */
  refusal: string | null;
  errors: FieldError[];
}

function errorFor(errors: FieldError[], target: string): string | undefined {
  return errors.find((e) => e.target === target)?.message;
}

function StepPage({
  frame,
  model,
  title,
  children,
}: {
  frame: Frame;
  model: StepPageBase;
  title: string;
  children: ComponentChildren;
}) {
  const { t } = frame.speech;
  return (
    <Layout frame={frame} title={title} hasErrors={model.errors.length > 0}>
      <ErrorSummary title={t.errors.summaryTitle} errors={model.errors} />
      {model.refusal && <Alert type="error">{model.refusal}</Alert>}
      <Paragraph>
        <Link href={`/applications/${model.id}`}>{t.awb.back}</Link>
      </Paragraph>
      <Heading1>{title}</Heading1>
      <p class="utrecht-paragraph vv-hint">{fill(t.detail.title, { reference: model.reference })}</p>
      {children}
    </Layout>
  );
}

export interface InformationModel extends StepPageBase {
  question: string | null;
  dueOn: string | null;
  answer: string;
  /** Documents sent since the question was asked. */
  received: DocumentRow[];
  maxBytes: number;
  maxFiles: number;
}

export function InformationPage({ frame, model }: { frame: Frame; model: InformationModel }) {
  const { t, date, lang } = frame.speech;
  const w = t.awb.information;
  const d = t.awb.detail;
  return (
    <StepPage frame={frame} model={model} title={w.title}>
      {model.question && model.dueOn && (
        <div class="vv-panel">
          <Paragraph>
            <strong>{d.question}:</strong> {model.question}
          </Paragraph>
          <Paragraph>{fill(d.dueOn, { date: date(model.dueOn) })}</Paragraph>
        </div>
      )}
      {model.received.length > 0 && (
        <section aria-labelledby="received">
          <Heading2 id="received">{w.received}</Heading2>
          <DocumentsTable frame={frame} id={model.id} documents={model.received} />
        </section>
      )}
      {model.refusal === null && (
        <form method="post" action={`/applications/${model.id}/information`} encType="multipart/form-data">
          <CsrfField frame={frame} />
          <Paragraph>{w.intro}</Paragraph>
          <TextArea
            id="f-answer"
            name="answer"
            label={w.answer}
            hint={w.answerHint}
            value={model.answer}
            error={errorFor(model.errors, 'f-answer')}
            errorPrefix={t.site.errorPrefix}
          />
          <FileField
            id="f-files"
            name="files"
            label={w.files}
            hint={fill(w.filesHint, { max: sizeLimit(model.maxBytes, lang), count: model.maxFiles })}
            error={errorFor(model.errors, 'f-files')}
            errorPrefix={t.site.errorPrefix}
            multiple
          />
          <div class="vv-actions">
            <Button>{w.send}</Button>
            <Link href={`/applications/${model.id}`}>{t.awb.cancel}</Link>
          </div>
        </form>
      )}
    </StepPage>
  );
}

export interface ProofModel extends StepPageBase {
  sent: DocumentRow[];
  maxBytes: number;
}

export function ProofPage({ frame, model }: { frame: Frame; model: ProofModel }) {
  const { t, lang } = frame.speech;
  const w = t.awb.proof;
  return (
    <StepPage frame={frame} model={model} title={w.title}>
      <Paragraph>{w.intro}</Paragraph>
      {model.sent.length > 0 && (
        <section aria-labelledby="sent">
          <Heading2 id="sent">{t.awb.detail.documents}</Heading2>
          <DocumentsTable frame={frame} id={model.id} documents={model.sent} />
        </section>
      )}
      {model.refusal === null && (
        <form method="post" action={`/applications/${model.id}/proof`} encType="multipart/form-data">
          <CsrfField frame={frame} />
          <FileField
            id="f-file"
            name="file"
            label={w.file}
            hint={fill(w.fileHint, { max: sizeLimit(model.maxBytes, lang) })}
            error={errorFor(model.errors, 'f-file')}
            errorPrefix={t.site.errorPrefix}
          />
          <div class="vv-actions">
            <Button>{w.send}</Button>
            <Link href={`/applications/${model.id}`}>{t.awb.cancel}</Link>
          </div>
        </form>
      )}
    </StepPage>
  );
}

export interface ObjectionModel extends StepPageBase {
  decisionReason: string | null;
  deadline: string | null;
  reason: string;
}

export function ObjectionPage({ frame, model }: { frame: Frame; model: ObjectionModel }) {
  const { t, date } = frame.speech;
  const w = t.awb.objection;
  return (
    <StepPage frame={frame} model={model} title={w.title}>
      {model.refusal === null && (
        <>
          <Paragraph>{w.intro}</Paragraph>
          <SummaryList
            rows={[
              ...(model.decisionReason ? [{ key: t.detail.decision, value: model.decisionReason }] : []),
              ...(model.deadline
                ? [{ key: t.awb.detail.object, value: fill(w.deadline, { date: date(model.deadline) }) }]
                : []),
            ]}
          />
          <form method="post" action={`/applications/${model.id}/objection`}>
            <CsrfField frame={frame} />
            <TextArea
              id="f-reason"
              name="reason"
              label={w.reason}
              hint={w.reasonHint}
              value={model.reason}
              error={errorFor(model.errors, 'f-reason')}
              errorPrefix={t.site.errorPrefix}
            />
            <div class="vv-actions">
              <Button>{w.send}</Button>
              <Link href={`/applications/${model.id}`}>{t.awb.cancel}</Link>
            </div>
          </form>
        </>
      )}
    </StepPage>
  );
}
