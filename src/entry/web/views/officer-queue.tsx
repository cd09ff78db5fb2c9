import type { QueueRow, QueueView } from '../../../features/applications/officer-queue';
import { fill } from '../i18n/i18n';
import { Alert, Button, Heading1, Heading2, Link, Paragraph, StatusTag } from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

export interface QueueModel {
  view: QueueView;
  views: { view: QueueView; href: string; count: number | null }[];
  countCap: number;
  filters: { programme: string; status: string; eligibility: string; search: string };
  programmes: { code: string; name: string }[];
  statuses: readonly string[];
  eligibilities: readonly string[];
  rows: QueueRow[];
  /** Rows that may be reviewed in bulk (submitted, eligibility passed). */
  reviewable: Set<string>;
  nextHref: string | null;
  firstHref: string | null;
  csvHref: string;
}

function Select({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div class="utrecht-form-field vv-field">
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id={id} name={name}>
          {options.map((o) => (
            <option value={o.value} selected={o.value === value} key={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The work queue: views with counts, filters, the list in rank order with bulk review, paging, CSV. */
export function OfficerQueuePage({ frame, model }: { frame: Frame; model: QueueModel }) {
  const { t, money, date } = frame.speech;
  const o = t.officer;
  const q = o.queue;
  const views = q.views as Record<string, string>;
  const statuses = t.staffStatuses as Record<string, string>;
  const outcomes = o.eligibility as Record<string, string>;
  const countText = (n: number | null) =>
    n === null ? '' : n > model.countCap ? fill(q.countMore, { count: model.countCap }) : fill(q.count, { count: n });
  const anyReviewable = model.rows.some((r) => model.reviewable.has(r.id));
  return (
    <Layout frame={frame} title={q.title}>
      <Heading1>{q.title}</Heading1>
      <Paragraph lead>{q.lead}</Paragraph>
      <nav aria-label={q.viewsLabel}>
        <ul class="utrecht-unordered-list vv-views">
          {model.views.map((v) => (
            <li class="utrecht-unordered-list__item" key={v.view}>
              <a
                class="utrecht-link utrecht-link--html-a"
                href={v.href}
                aria-current={v.view === model.view ? 'page' : undefined}
              >
                {v.view === model.view ? <strong>{views[v.view]}</strong> : views[v.view]}
              </a>{' '}
              {countText(v.count)}
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" action="/officer" class="vv-panel">
        <Heading2>{q.filters}</Heading2>
        <input type="hidden" name="view" value={model.view} />
        <Select
          id="f-programme"
          name="programme"
          label={q.programme}
          value={model.filters.programme}
          options={[
            { value: '', label: q.anyProgramme },
            ...model.programmes.map((p) => ({ value: p.code, label: p.name })),
          ]}
        />
        <Select
          id="f-status"
          name="status"
          label={q.status}
          value={model.filters.status}
          options={[
            { value: '', label: q.anyStatus },
            ...model.statuses.map((s) => ({ value: s, label: statuses[s] })),
          ]}
        />
        <Select
          id="f-eligibility"
          name="eligibility"
          label={q.eligibility}
          value={model.filters.eligibility}
          options={[
            { value: '', label: q.anyEligibility },
            ...model.eligibilities.map((e) => ({ value: e, label: outcomes[e] })),
          ]}
        />
        <div class="utrecht-form-field vv-field">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="f-search">
              {q.search}
            </label>
          </div>
          <span class="utrecht-form-field-description vv-hint" id="f-search-hint">
            {q.searchHint}
          </span>
          <div class="utrecht-form-field__input">
            <input
              class="utrecht-textbox utrecht-textbox--html-input"
              id="f-search"
              name="q"
              type="search"
              value={model.filters.search}
              aria-describedby="f-search-hint"
            />
          </div>
        </div>
        <div class="vv-actions">
          <Button secondary>{q.apply}</Button>
          <Link href={`/officer?view=${model.view}`}>{q.reset}</Link>
        </div>
      </form>

      <Paragraph>
        <Link href={model.csvHref}>{q.csv}</Link>
      </Paragraph>

      {model.rows.length === 0 ? (
        <Alert type="info">{q.none}</Alert>
      ) : (
        <form method="post" action="/officer/bulk-review">
          <CsrfField frame={frame} />
          <div class="vv-table-scroll">
            <table class="utrecht-table vv-table">
              <caption class="utrecht-table__caption">{fill(q.caption, { view: views[model.view] })}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.select}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.reference}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.applicant}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.programmeColumn}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.statusColumn}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.eligibilityColumn}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.amount}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.submitted}
                  </th>
                  <th class="utrecht-table__header-cell" scope="col">
                    {q.due}
                  </th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {model.rows.map((r) => (
                  <tr class="utrecht-table__row" key={r.id}>
                    <td class="utrecht-table__cell">
                      {model.reviewable.has(r.id) && (
                        <>
                          <input
                            class="utrecht-checkbox utrecht-checkbox--html-input"
                            type="checkbox"
                            id={`select-${r.id}`}
                            name="selected"
                            value={`${r.id}.${r.version}`}
                          />
                          <label class="vv-visually-hidden" for={`select-${r.id}`}>
                            {fill(q.selectOne, { reference: r.reference })}
                          </label>
                        </>
                      )}
                    </td>
                    <td class="utrecht-table__cell">
                      <Link href={`/officer/applications/${r.id}`}>{r.reference}</Link>
                    </td>
                    <td class="utrecht-table__cell">{r.name ?? '—'}</td>
                    <td class="utrecht-table__cell">{r.programmeCode}</td>
                    <td class="utrecht-table__cell">
                      <StatusTag status={r.status} label={statuses[r.status] ?? r.status} />
                    </td>
                    <td class="utrecht-table__cell">{outcomes[r.eligibility ?? 'pending'] ?? r.eligibility}</td>
                    <td class="utrecht-table__cell">{money(r.grantedAmountCents ?? r.requestedAmountCents)}</td>
                    <td class="utrecht-table__cell">{date(r.submittedAt.toISOString().slice(0, 10))}</td>
                    <td class="utrecht-table__cell">
                      {r.status === 'information-requested' && r.dueOn
                        ? fill(q.dueOn, { date: date(r.dueOn) })
                        : r.status === 'objection' && r.decisionDueOn
                          ? fill(q.decisionDueOn, { date: date(r.decisionDueOn) })
                          : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {anyReviewable && (
            <div class="vv-panel">
              <Heading2>{q.bulkTitle}</Heading2>
              <Paragraph>{q.bulkHint}</Paragraph>
              <Button>{q.bulkButton}</Button>
            </div>
          )}
        </form>
      )}
      <nav aria-label={q.paging} class="vv-actions">
        {model.firstHref && <Link href={model.firstHref}>{q.first}</Link>}
        {model.nextHref && <Link href={model.nextHref}>{q.next}</Link>}
      </nav>
    </Layout>
  );
}

export interface BulkResultModel {
  results: { id: string; reference: string; reviewed: boolean; why: string | null }[];
}

/** What a bulk review did, one line per application. */
export function OfficerBulkResultPage({ frame, model }: { frame: Frame; model: BulkResultModel }) {
  const b = frame.speech.t.officer.bulk;
  const reviewed = model.results.filter((r) => r.reviewed).length;
  return (
    <Layout frame={frame} title={b.title}>
      <Heading1>{b.title}</Heading1>
      {model.results.length === 0 ? (
        <Alert type="error">{b.none}</Alert>
      ) : (
        <>
          <Alert type={reviewed === model.results.length ? 'ok' : 'info'}>
            {fill(b.summary, { reviewed, total: model.results.length })}
          </Alert>
          <ul class="utrecht-unordered-list">
            {model.results.map((r) => (
              <li class="utrecht-unordered-list__item" key={r.id}>
                <Link href={`/officer/applications/${r.id}`}>{r.reference}</Link>:{' '}
                {r.reviewed ? b.reviewed : fill(b.refused, { why: r.why ?? '' })}
              </li>
            ))}
          </ul>
        </>
      )}
      <Paragraph>
        <Link href="/officer">{b.back}</Link>
      </Paragraph>
    </Layout>
  );
}
