import type { ComponentChildren } from 'preact';
import type { MilestoneView } from '../../../features/milestones/milestones.service';
import type { ProgrammeReport, ProvinceReport } from '../../../features/reports/reports.service';
import { dutchDate } from '../../../platform/kernel/dates';
import { fill, type Speech } from '../i18n/i18n';
import { Heading1, Heading2, Link, Paragraph } from './components';
import type { Frame } from './frame';
import { Layout } from './layout';
import { GroupedBars, MonthsChart, ProgressBar, StackedBar } from './province-charts';

type Cell = ComponentChildren;

/** A table of figures: a caption, column heads, the first cell of each row its head; numbers aligned right. */
function FiguresTable({
  caption,
  head,
  rows,
  foot,
  captionHidden,
  textColumns = [],
}: {
  caption: string;
  head: string[];
  rows: Cell[][];
  foot?: Cell[];
  /** The caption repeats the heading right above the table: there for screen readers only. */
  captionHidden?: boolean;
  /** Columns (by index) of words rather than numbers: not aligned right. */
  textColumns?: number[];
}) {
  const align = (i: number) => (textColumns.includes(i) ? '' : ' vv-number');
  const row = (cells: Cell[], key: number | string) => (
    <tr class="utrecht-table__row" key={key}>
      {cells.map((cell, i) =>
        i === 0 ? (
          <th class="utrecht-table__header-cell" scope="row" key={i}>
            {cell}
          </th>
        ) : (
          <td class={`utrecht-table__cell${align(i)}`} key={i}>
            {cell}
          </td>
        ),
      )}
    </tr>
  );
  return (
    <div class="vv-table-scroll">
      <table class="utrecht-table vv-table vv-figures">
        <caption class={`utrecht-table__caption${captionHidden ? ' vv-visually-hidden' : ''}`}>{caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {head.map((h, i) => (
              <th class={`utrecht-table__header-cell${i > 0 ? align(i) : ''}`} scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">{rows.map((cells, i) => row(cells, i))}</tbody>
        {foot && <tfoot class="utrecht-table__footer">{row(foot, 'foot')}</tfoot>}
      </table>
    </div>
  );
}

/** Formatters made once per language (making one costs far more than using it). */
const NUMBER = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const MONTH = {
  nl: new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
};
const numberIn = (lang: string) => (lang === 'en' ? NUMBER.en : NUMBER.nl);

const percent = (p: number | null, lang: string) => (p === null ? '–' : `${numberIn(lang).format(p)}%`);

const count = (n: number | string, lang: string) => (typeof n === 'number' ? numberIn(lang).format(n) : n);

function monthName(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number);
  return (lang === 'en' ? MONTH.en : MONTH.nl).format(new Date(Date.UTC(y, m - 1, 1)));
}

const shortKind = (label: string) => label.split(':')[0];

export interface DashboardModel {
  report: ProgrammeReport;
  provinceName: string;
}

/** One section of the dashboard: a heading, the chart, the table with the same figures. */
function Panel({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="vv-panel vv-figure" aria-labelledby={`${id}-h`}>
      <Heading2 id={`${id}-h`}>{title}</Heading2>
      {children}
    </section>
  );
}

export function DashboardPage({ frame, model }: { frame: Frame; model: DashboardModel }) {
  const s = frame.speech;
  const { t, lang, money, date, moment } = s;
  const d = t.province.dashboard;
  const v = t.vocabulary;
  const r = model.report;
  const code = r.programme.code;
  const next = r.milestones.next;
  const months = r.byGrantMonth.reduce<{ month: string; vouchers: number; cumulative: number }[]>((all, m) => {
    const before = all.length ? all[all.length - 1].cumulative : 0;
    return [...all, { month: m.month, vouchers: m.vouchers, cumulative: before + m.vouchers }];
  }, []);
  const forecast =
    next && next.forecastDate
      ? {
          month: next.forecastDate.slice(0, 7),
          threshold: next.threshold,
          label: fill(d.forecastRow, { threshold: next.threshold }),
        }
      : null;
  const b = r.budget;
  const budgetParts = [
    { label: d.committed, value: b.committedCents, text: money(b.committedCents) },
    { label: d.spent, value: b.spentCents, text: money(b.spentCents) },
    { label: d.availableLabel, value: b.availableCents, text: money(b.availableCents) },
  ];
  const share = (cents: number) =>
    percent(b.totalCents > 0 ? Math.round((cents / b.totalCents) * 1000) / 10 : null, lang);
  const breakdown = (
    key: 'targetGroup' | 'gender' | 'trainingKind',
    items: { applications: number | string; vouchers: number | string; [k: string]: unknown }[],
    words: Record<string, string>,
    title: string,
    dimension: string,
  ) => {
    const rows = items.map((item) => {
      const category = String(item[key]);
      const label = key === 'trainingKind' ? shortKind(words[category] ?? category) : (words[category] ?? category);
      return { label, values: [item.applications, item.vouchers] as [number | string, number | string] };
    });
    const values = rows.map((row) => `${row.label} ${row.values[0]} / ${row.values[1]}`).join('; ');
    return (
      <Panel id={`by-${key}`} title={title}>
        <GroupedBars
          id={`chart-${key}`}
          title={title}
          desc={fill(d.breakdownDesc, { dimension, values })}
          series={[d.applications, d.vouchers]}
          rows={rows}
        />
        <FiguresTable
          captionHidden
          caption={title}
          head={[dimension, d.applications, d.vouchers]}
          rows={rows.map((row) => [row.label, count(row.values[0], lang), count(row.values[1], lang)])}
        />
      </Panel>
    );
  };
  return (
    <Layout frame={frame} title={r.programme.name}>
      <Paragraph>
        <Link href={`/province/${r.programme.province}`}>{fill(d.overviewLink, { province: model.provinceName })}</Link>
      </Paragraph>
      <Heading1>{r.programme.name}</Heading1>
      <Paragraph lead>
        {fill(d.lead, {
          status: t.province.programmeStatus[r.programme.status],
          opens: date(dutchDate(new Date(r.programme.opensAt))),
          closes: date(dutchDate(new Date(r.programme.closesAt))),
          moment: moment(r.generatedAt),
        })}
      </Paragraph>
      <ul class="utrecht-unordered-list vv-links">
        <li class="utrecht-unordered-list__item">
          <Link href={`/province/programmes/${code}/milestones`}>{d.milestonesLink}</Link>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link utrecht-link--html-a" href={`/province/programmes/${code}/report.csv`} download>
            {d.csv}
          </a>
        </li>
      </ul>
      <Paragraph>{d.chartNote}</Paragraph>
      {r.disclosure === 'small-cells-suppressed' && <Paragraph>{d.suppressed}</Paragraph>}

      <Panel id="budget" title={d.budgetTitle}>
        <StackedBar
          id="chart-budget"
          title={d.budgetTitle}
          desc={fill(d.budgetDesc, {
            total: money(b.totalCents),
            committed: money(b.committedCents),
            spent: money(b.spentCents),
            available: money(b.availableCents),
          })}
          parts={budgetParts}
        />
        <FiguresTable
          captionHidden
          caption={d.budgetTitle}
          head={[d.budgetTitle, d.amount, d.part]}
          rows={budgetParts.map((p) => [p.label, p.text, share(p.value)])}
          foot={[d.total, money(b.totalCents), share(b.totalCents)]}
        />
      </Panel>

      <Panel id="vouchers" title={d.vouchersTitle}>
        <ProgressBar
          id="chart-vouchers"
          title={d.vouchersTitle}
          desc={
            r.vouchers.target === null
              ? fill(d.vouchersDescNoTarget, { granted: r.vouchers.granted })
              : fill(d.vouchersDesc, {
                  granted: r.vouchers.granted,
                  target: r.vouchers.target,
                  percent: percent(r.vouchers.percentOfTarget, lang),
                })
          }
          value={r.vouchers.granted}
          target={r.vouchers.target}
          label={`${count(r.vouchers.granted, lang)} / ${r.vouchers.target === null ? d.noTarget : count(r.vouchers.target, lang)}`}
        />
        <FiguresTable
          captionHidden
          caption={d.vouchersTitle}
          head={[d.vouchers, d.count]}
          rows={[
            [d.granted, count(r.vouchers.granted, lang)],
            [d.target, r.vouchers.target === null ? d.noTarget : count(r.vouchers.target, lang)],
            [d.percentOfTarget, percent(r.vouchers.percentOfTarget, lang)],
          ]}
        />
      </Panel>

      <Panel id="months" title={d.monthsTitle}>
        {months.length === 0 && <Paragraph>{d.noGrants}</Paragraph>}
        <MonthsChart
          id="chart-months"
          title={d.monthsTitle}
          desc={fill(d.monthsDesc, {
            forecast: forecast
              ? fill(d.monthsForecast, { threshold: forecast.threshold, date: date(next!.forecastDate!) })
              : d.monthsNoForecast,
          })}
          months={months}
          forecast={forecast}
          monthLabel={(m) => monthName(m, lang)}
        />
        <FiguresTable
          captionHidden
          caption={d.monthsTitle}
          head={[d.month, d.perMonth, d.cumulative]}
          rows={[
            ...months.map((m) => [monthName(m.month, lang), count(m.vouchers, lang), count(m.cumulative, lang)]),
            ...(forecast && next?.forecastDate
              ? [[`${date(next.forecastDate)}: ${forecast.label}`, '–', count(forecast.threshold, lang)]]
              : []),
          ]}
        />
        <NextMilestone speech={s} report={r} />
      </Panel>

      {breakdown('targetGroup', r.byTargetGroup, v.targetGroupShort, d.targetGroupTitle, d.targetGroup)}
      {breakdown('gender', r.byGender, v.gender, d.genderTitle, d.gender)}
      {breakdown('trainingKind', r.byTrainingKind, v.trainingKind, d.trainingKindTitle, d.trainingKind)}

      <Panel id="status" title={d.statusTitle}>
        <FiguresTable
          captionHidden
          caption={d.statusTitle}
          head={[d.status, d.count]}
          rows={Object.entries(r.applications.byStatus).map(([status, n]) => [
            (t.staffStatuses as Record<string, string>)[status] ?? status,
            count(n, lang),
          ])}
          foot={[d.total, count(r.applications.total, lang)]}
        />
      </Panel>
    </Layout>
  );
}

/** The next milestone in words: how many to go, and when it is expected (or why not). */
function NextMilestone({ speech, report }: { speech: Speech; report: ProgrammeReport }) {
  const m = speech.t.province.milestones;
  const next = report.milestones.next;
  const days = report.grantRate.days;
  if (!next) {
    return <Paragraph>{report.milestones.reached.length ? m.allReached : m.noneSet}</Paragraph>;
  }
  return (
    <div class="vv-next-milestone">
      <Paragraph>{fill(m.next, { threshold: next.threshold, remaining: next.remaining })}</Paragraph>
      <Paragraph>
        {next.forecastDate
          ? fill(m.forecast, { date: speech.date(next.forecastDate), days })
          : next.beforeClose === false
            ? m.farForecast
            : fill(m.noForecast, { days })}
        {next.beforeClose === false && (
          <> {fill(m.forecastAfterClose, { closes: speech.date(dutchDate(new Date(report.programme.closesAt))) })}</>
        )}
      </Paragraph>
    </div>
  );
}

export interface MilestonesModel {
  report: ProgrammeReport;
  items: MilestoneView[];
}

/** The milestones reached (holder named only with consent) and the next one with its forecast. */
export function MilestonesPage({ frame, model }: { frame: Frame; model: MilestonesModel }) {
  const s = frame.speech;
  const m = s.t.province.milestones;
  const title = fill(m.title, { programme: model.report.programme.name });
  return (
    <Layout frame={frame} title={title}>
      <Paragraph>
        <Link href={`/province/programmes/${model.report.programme.code}`}>{m.dashboardLink}</Link>
      </Paragraph>
      <Heading1>{title}</Heading1>
      <Paragraph lead>{m.lead}</Paragraph>
      <section aria-labelledby="next-h">
        <Heading2 id="next-h">{m.nextTitle}</Heading2>
        <NextMilestone speech={s} report={model.report} />
      </section>
      <section aria-labelledby="reached-h">
        <Heading2 id="reached-h">{m.reachedTitle}</Heading2>
        {model.items.length === 0 ? (
          <Paragraph>{m.none}</Paragraph>
        ) : (
          <div class="vv-table-scroll">
            <table class="utrecht-table vv-table">
              <caption class="utrecht-table__caption">{m.caption}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  {[m.threshold, m.reachedAt, m.reference, m.holder].map((h) => (
                    <th class="utrecht-table__header-cell" scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {model.items.map((item) => (
                  <tr class="utrecht-table__row" key={item.threshold}>
                    <th class="utrecht-table__header-cell" scope="row">
                      {fill(m.thresholdText, { threshold: item.threshold })}
                    </th>
                    <td class="utrecht-table__cell">{s.moment(item.reachedAt)}</td>
                    <td class="utrecht-table__cell">{item.applicationReference}</td>
                    <td class="utrecht-table__cell">{item.holder ? item.holder.name : m.noConsent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

export interface OverviewModel {
  report: ProvinceReport;
  provinceName: string;
}

/** Every programme of a province side by side: budget, vouchers against target, the next milestone. */
export function ProvinceOverviewPage({ frame, model }: { frame: Frame; model: OverviewModel }) {
  const s = frame.speech;
  const { t, lang, money } = s;
  const o = t.province.overview;
  const r = model.report;
  const title = fill(o.title, { province: model.provinceName });
  const nextText = (p: ProgrammeReport) => {
    const next = p.milestones.next;
    if (!next) return '–';
    const when = next.forecastDate ? ` (${s.date(next.forecastDate)})` : '';
    return `${fill(t.province.milestones.thresholdText, { threshold: next.threshold })}${when}`;
  };
  return (
    <Layout frame={frame} title={title}>
      <Heading1>{title}</Heading1>
      <Paragraph lead>{fill(o.lead, { moment: s.moment(r.generatedAt) })}</Paragraph>
      <FiguresTable
        caption={fill(o.caption, { province: model.provinceName })}
        head={[o.programme, o.status, o.budget, o.available, o.vouchers, o.target, o.nextMilestone]}
        textColumns={[1, 6]}
        rows={r.programmes.map((p) => [
          <Link href={`/province/programmes/${p.programme.code}`} key={p.programme.code}>
            {p.programme.name}
          </Link>,
          t.province.programmeStatus[p.programme.status],
          money(p.budget.totalCents),
          money(p.budget.availableCents),
          count(p.vouchers.granted, lang),
          p.vouchers.target === null
            ? '–'
            : `${count(p.vouchers.target, lang)} (${percent(p.vouchers.percentOfTarget, lang)})`,
          nextText(p),
        ])}
        foot={[
          o.total,
          '',
          money(r.totals.budget.totalCents),
          money(r.totals.budget.availableCents),
          count(r.totals.vouchers.granted, lang),
          r.totals.vouchers.target === null
            ? '–'
            : `${count(r.totals.vouchers.target, lang)} (${percent(r.totals.vouchers.percentOfTarget, lang)})`,
          '',
        ]}
      />
      <Paragraph>
        <a class="utrecht-link utrecht-link--html-a" href={`/province/${r.province}/report.csv`} download>
          {o.csv}
        </a>
      </Paragraph>
    </Layout>
  );
}

/** For admins: the provinces that have programmes. */
export function ProvinceIndexPage({ frame, provinces }: { frame: Frame; provinces: { code: string; name: string }[] }) {
  const i = frame.speech.t.province.index;
  return (
    <Layout frame={frame} title={i.title}>
      <Heading1>{i.title}</Heading1>
      {provinces.length === 0 ? (
        <Paragraph>{i.none}</Paragraph>
      ) : (
        <>
          <Paragraph>{i.lead}</Paragraph>
          <ul class="utrecht-unordered-list">
            {provinces.map((p) => (
              <li class="utrecht-unordered-list__item" key={p.code}>
                <Link href={`/province/${p.code}`}>{p.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
