import { fill } from '../i18n/i18n';
import { Alert, ButtonLink, Heading1, Heading2, OrderedList, Paragraph, UnorderedList } from './components';
import type { Frame } from './frame';
import { Layout } from './layout';

export interface ProgrammeCard {
  code: string;
  name: string;
  funders: string[];
  targetGroups: string[];
  minAmountCents: number;
  maxAmountCents: number;
  maxCoFundingPercent: number;
  /** yyyy-mm-dd in Dutch time */
  opensOn: string;
  closesOn: string;
  postcodeRanges: [string, string][];
}

export function StartPage({
  frame,
  programmes,
  notice,
}: {
  frame: Frame;
  programmes: ProgrammeCard[];
  notice?: string;
}) {
  const { t, money, date } = frame.speech;
  const s = t.start;
  const min = Math.min(...programmes.map((p) => p.minAmountCents), 100_000);
  const max = Math.max(...programmes.map((p) => p.maxAmountCents), 500_000);
  return (
    <Layout frame={frame} title={s.title}>
      {notice && <Alert type="info">{notice}</Alert>}
      <Heading1>{s.title}</Heading1>
      <Paragraph lead>{fill(s.lead, { min: money(min), max: money(max) })}</Paragraph>
      <Heading2>{s.openProgrammes}</Heading2>
      {programmes.length === 0 && <Paragraph>{s.noneOpen}</Paragraph>}
      {programmes.map((p) => (
        <section class="vv-programme" aria-labelledby={`programme-${p.code}`} key={p.code}>
          <h3 class="utrecht-heading-3" id={`programme-${p.code}`}>
            {p.name}
          </h3>
          <dl class="vv-summary vv-summary--facts">
            <dt>{s.forWhom}</dt>
            <dd>{p.targetGroups.map((g) => t.vocabulary.targetGroupShort[g as 'employee'] ?? g).join(', ')}</dd>
            <dt>{s.amount}</dt>
            <dd>
              {fill(s.amountRange, {
                min: money(p.minAmountCents),
                max: money(p.maxAmountCents),
                percent: p.maxCoFundingPercent,
              })}
            </dd>
            <dt>{s.funders}</dt>
            <dd>{p.funders.join(', ')}</dd>
          </dl>
          <Paragraph>{fill(s.period, { opens: date(p.opensOn), closes: date(p.closesOn) })}</Paragraph>
          <Paragraph>{fill(s.region, { ranges: p.postcodeRanges.map(([a, b]) => `${a}–${b}`).join(', ') })}</Paragraph>
          <ButtonLink href={`/apply/${p.code}`}>{fill(s.apply, { programme: p.name })}</ButtonLink>
        </section>
      ))}
      <Heading2>{s.needTitle}</Heading2>
      <UnorderedList items={s.need} />
      <Heading2>{s.howTitle}</Heading2>
      <OrderedList items={s.how} />
    </Layout>
  );
}
