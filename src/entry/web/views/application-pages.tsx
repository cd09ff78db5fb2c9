import { fill } from '../i18n/i18n';
import {
  Alert,
  Button,
  ErrorSummary,
  Heading1,
  Heading2,
  Link,
  Paragraph,
  StatusTag,
  SummaryList,
  TextArea,
} from './components';
import { ApplicationSteps, ObjectionLink, type StepsModel } from './application-step-pages';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

/** One application as the applicant's pages show it. */
export interface ApplicationSummary {
  id: string;
  reference: string;
  programmeName: string;
  status: string;
  statusLabel: string;
  nextStep: string;
  submittedAt: string;
}

export interface MyApplicationsModel {
  applications: ApplicationSummary[];
  drafts: { programmeCode: string; programmeName: string }[];
  notice: string | null;
}

export function MyApplicationsPage({ frame, model }: { frame: Frame; model: MyApplicationsModel }) {
  const { t, moment } = frame.speech;
  const m = t.mine;
  return (
    <Layout frame={frame} title={m.title}>
      {model.notice && <Alert type="ok">{model.notice}</Alert>}
      <Heading1>{m.title}</Heading1>
      {model.drafts.map((d) => (
        <div class="vv-panel" key={d.programmeCode}>
          <Paragraph>{fill(m.draft, { programme: d.programmeName })}</Paragraph>
          <Paragraph>
            <Link href={`/apply/${d.programmeCode}`}>{fill(m.resume, { programme: d.programmeName })}</Link>
          </Paragraph>
        </div>
      ))}
      {model.applications.length === 0 ? (
        <Paragraph>{m.none}</Paragraph>
      ) : (
        model.applications.map((a) => (
          <section class="vv-programme" key={a.id} aria-labelledby={`app-${a.id}`}>
            <h2 class="utrecht-heading-2" id={`app-${a.id}`}>
              <Link href={`/applications/${a.id}`}>
                {a.reference}: {a.programmeName}
              </Link>
            </h2>
            <SummaryList
              rows={[
                { key: m.status, value: <StatusTag status={a.status} label={a.statusLabel} /> },
                { key: m.nextStep, value: a.nextStep },
                { key: m.submittedOn, value: moment(a.submittedAt) },
              ]}
            />
          </section>
        ))
      )}
      <Paragraph>
        <Link href="/">{m.start}</Link>
      </Paragraph>
      <Paragraph>
        <Link href="/applications/my-data">{m.myData}</Link>
      </Paragraph>
    </Layout>
  );
}

export interface ApplicationDetailModel extends ApplicationSummary {
  timeline: { at: string; text: string; reason: string | null }[];
  eligibility: { status: 'pending' | 'passed' | 'failed'; problems: string[]; warnings: string[] };
  voucher: { code: string; amountCents: number; expiresOn: string } | null;
  decision: { notConsidered: boolean; reason: string | null; objectionDeadline: string | null } | null;
  requestedAmountCents: number;
  grantedAmountCents: number | null;
  training: { title: string; provider: string; startsOn: string; endsOn: string };
  messages: { subject: string; body: string; at: string }[];
  canWithdraw: boolean;
  /** Its place in the budget while it waits (null: no place, e.g. decided). */
  budgetPlace: { position: 'within' | 'reserve' | 'undrawn'; reservePosition: number | null } | null;
  /** Just sent, or just withdrawn: a confirmation at the top. */
  notice: string | null;
  /** The Awb steps: the open question, the objection, proof of completion, documents. */
  steps?: StepsModel;
}

export function ApplicationPage({ frame, model }: { frame: Frame; model: ApplicationDetailModel }) {
  const { t, money, date, moment } = frame.speech;
  const d = t.detail;
  const title = fill(d.title, { reference: model.reference });
  return (
    <Layout frame={frame} title={title}>
      {model.notice && <Alert type="ok">{model.notice}</Alert>}
      <Paragraph>
        <Link href="/applications">{d.back}</Link>
      </Paragraph>
      <Heading1>{title}</Heading1>
      <p class="utrecht-paragraph vv-hint">{model.programmeName}</p>
      <div class="vv-panel">
        <Paragraph>
          {d.status}: <StatusTag status={model.status} label={model.statusLabel} />
        </Paragraph>
        <Paragraph>
          <strong>{d.nextStep}:</strong> {model.nextStep}
        </Paragraph>
        {model.budgetPlace && (
          <Paragraph>
            <strong>{t.allocation.place}:</strong>{' '}
            {model.budgetPlace.position === 'within'
              ? t.allocation.within
              : model.budgetPlace.position === 'reserve'
                ? fill(t.allocation.reserve, { position: String(model.budgetPlace.reservePosition ?? '') })
                : t.allocation.notDrawn}
          </Paragraph>
        )}
      </div>

      {model.voucher && (
        <section aria-labelledby="voucher">
          <Heading2 id="voucher">{d.voucher}</Heading2>
          <SummaryList
            rows={[
              { key: d.voucherCode, value: <span class="vv-voucher-code">{model.voucher.code}</span> },
              { key: d.voucherAmount, value: money(model.voucher.amountCents) },
              { key: d.voucherValidUntil, value: date(model.voucher.expiresOn) },
            ]}
          />
          <Paragraph>{d.voucherHow}</Paragraph>
        </section>
      )}

      {model.decision && (
        <section aria-labelledby="decision">
          <Heading2 id="decision">{d.decision}</Heading2>
          <Paragraph>
            {model.decision.notConsidered ? t.awb.detail.decisionNotConsidered : d.decisionRejected}
          </Paragraph>
          {model.decision.reason && (
            <Paragraph>
              <strong>{d.reasons}:</strong> {model.decision.reason}
            </Paragraph>
          )}
          {model.decision.objectionDeadline && (
            <Paragraph>{fill(d.objectionDeadline, { date: date(model.decision.objectionDeadline) })}</Paragraph>
          )}
          {model.steps?.canObject && <ObjectionLink frame={frame} id={model.id} />}
        </section>
      )}

      {model.steps && <ApplicationSteps frame={frame} id={model.id} steps={model.steps} />}

      <section aria-labelledby="timeline">
        <Heading2 id="timeline">{d.timeline}</Heading2>
        <ol class="vv-timeline">
          {model.timeline.map((e, i) => (
            <li key={i}>
              <strong>{moment(e.at)}</strong>
              <br />
              {e.text}
              {e.reason && (
                <>
                  <br />
                  {fill(t.history.reason, { reason: e.reason })}
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="eligibility">
        <Heading2 id="eligibility">{d.eligibility}</Heading2>
        {model.eligibility.status === 'pending' && <Paragraph>{d.eligibilityPending}</Paragraph>}
        {model.eligibility.status === 'passed' && <Paragraph>{d.eligibilityPassed}</Paragraph>}
        {model.eligibility.status === 'failed' && (
          <>
            <Paragraph>{d.eligibilityFailed}</Paragraph>
            <ul class="utrecht-unordered-list">
              {model.eligibility.problems.map((p) => (
                <li class="utrecht-unordered-list__item" key={p}>
                  {p}
                </li>
              ))}
            </ul>
          </>
        )}
        {model.eligibility.warnings.length > 0 && (
          <>
            <Paragraph>{d.eligibilityWarn}</Paragraph>
            <ul class="utrecht-unordered-list">
              {model.eligibility.warnings.map((p) => (
                <li class="utrecht-unordered-list__item" key={p}>
                  {p}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="details">
        <Heading2 id="details">{d.details}</Heading2>
        <SummaryList
          rows={[
            {
              key: d.training,
              value: fill(d.trainingAt, { title: model.training.title, provider: model.training.provider }),
            },
            {
              key: d.trainingPeriod,
              value: fill(d.trainingDates, { from: date(model.training.startsOn), to: date(model.training.endsOn) }),
            },
            { key: d.requested, value: money(model.requestedAmountCents) },
            ...(model.grantedAmountCents !== null ? [{ key: d.granted, value: money(model.grantedAmountCents) }] : []),
          ]}
        />
      </section>

      <section aria-labelledby="messages">
        <Heading2 id="messages">{d.messages}</Heading2>
        {model.messages.length === 0 && <Paragraph>{d.noMessages}</Paragraph>}
        {model.messages.map((msg, i) => (
          <details class="vv-message" key={i}>
            <summary>
              {moment(msg.at)}: {msg.subject}
            </summary>
            <div class="vv-mail">{msg.body}</div>
          </details>
        ))}
      </section>

      {model.canWithdraw && (
        <Paragraph>
          <a
            class="utrecht-button utrecht-button--secondary-action vv-button-link"
            href={`/applications/${model.id}/withdraw`}
          >
            {d.withdraw}
          </a>
        </Paragraph>
      )}
    </Layout>
  );
}

export function WithdrawPage({
  frame,
  model,
}: {
  frame: Frame;
  model: {
    id: string;
    reference: string;
    granted: boolean;
    reason: string;
    refusal: string | null;
    reasonError?: string;
  };
}) {
  const { t } = frame.speech;
  const w = t.withdraw;
  return (
    <Layout frame={frame} title={w.title} hasErrors={model.refusal !== null || model.reasonError !== undefined}>
      <ErrorSummary
        title={t.errors.summaryTitle}
        errors={model.reasonError ? [{ target: 'f-reason', message: model.reasonError }] : []}
      />
      {model.refusal && <Alert type="error">{model.refusal}</Alert>}
      <Paragraph>
        <Link href={`/applications/${model.id}`}>{t.apply.back}</Link>
      </Paragraph>
      <Heading1>{w.title}</Heading1>
      <p class="utrecht-paragraph vv-hint">{fill(t.detail.title, { reference: model.reference })}</p>
      <Paragraph>{fill(w.warning, { voucher: model.granted ? w.voucherPart : '' })}</Paragraph>
      <form method="post" action={`/applications/${model.id}/withdraw`}>
        <CsrfField frame={frame} />
        <TextArea
          id="f-reason"
          name="reason"
          label={w.reason}
          value={model.reason}
          error={model.reasonError}
          errorPrefix={t.site.errorPrefix}
        />
        <div class="vv-actions">
          <Button>{w.confirm}</Button>
          <Link href={`/applications/${model.id}`}>{w.cancel}</Link>
        </div>
      </form>
    </Layout>
  );
}
