import type { ComponentChildren } from 'preact';

/**
 * Charts drawn on the server as SVG: no script, no library. Each is an image with a title and a
 * description (role="img"), and each page shows the same figures in a table beside it, so the
 * chart is never the only way to read them. Colours have at least 3:1 contrast with white.
 */

const COLOURS = ['#1f4e8c', '#b85c00', '#00695c', '#6a3d9a', '#505050'];
const TEXT = '#1a1a1a';

function Svg({
  id,
  title,
  desc,
  width,
  height,
  children,
}: {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  children: ComponentChildren;
}) {
  return (
    <svg
      id={id}
      class="vv-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

/** One bar split into parts (budget: committed, spent, available), with a legend under it. */
export function StackedBar({
  id,
  title,
  desc,
  parts,
}: {
  id: string;
  title: string;
  desc: string;
  parts: { label: string; value: number; text: string }[];
}) {
  const width = 640;
  const total = parts.reduce((sum, p) => sum + Math.max(p.value, 0), 0);
  let x = 0;
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={40 + parts.length * 22}>
      {parts.map((p, i) => {
        const w = total > 0 ? (Math.max(p.value, 0) / total) * width : 0;
        const rect = <rect key={`bar-${i}`} x={x} y={0} width={w} height={28} fill={COLOURS[i % COLOURS.length]} />;
        x += w;
        return rect;
      })}
      {parts.map((p, i) => (
        <g key={`legend-${i}`}>
          <rect x={0} y={38 + i * 22} width={14} height={14} fill={COLOURS[i % COLOURS.length]} />
          <text x={22} y={50 + i * 22} fill={TEXT} font-size="14">
            {p.label}: {p.text}
          </text>
        </g>
      ))}
    </Svg>
  );
}

/** A progress bar against a target (vouchers granted of the target). */
export function ProgressBar({
  id,
  title,
  desc,
  value,
  target,
  label,
}: {
  id: string;
  title: string;
  desc: string;
  value: number;
  target: number | null;
  label: string;
}) {
  const width = 640;
  const whole = target && target > 0 ? Math.max(target, value) : Math.max(value, 1);
  const w = (value / whole) * width;
  const mark = target && target > 0 ? (target / whole) * width : null;
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={56}>
      <rect x={0} y={0} width={width} height={28} fill="#ffffff" stroke="#505050" />
      <rect x={0} y={0} width={w} height={28} fill={COLOURS[0]} />
      {mark !== null && <line x1={mark} y1={-2} x2={mark} y2={32} stroke={TEXT} stroke-width={2} />}
      <text x={0} y={48} fill={TEXT} font-size="14">
        {label}
      </text>
    </Svg>
  );
}

/** Horizontal bars per category, two series (applications and vouchers); a hidden cell shows its mark. */
export function GroupedBars({
  id,
  title,
  desc,
  series,
  rows,
}: {
  id: string;
  title: string;
  desc: string;
  series: [string, string];
  rows: { label: string; values: [number | string, number | string] }[];
}) {
  const width = 640;
  const labelWidth = 220;
  const barArea = width - labelWidth - 60;
  const numbers = rows.flatMap((r) => r.values.filter((v): v is number => typeof v === 'number'));
  const max = Math.max(1, ...numbers);
  const rowHeight = 40;
  const top = 26;
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={top + rows.length * rowHeight + 4}>
      {series.map((name, s) => (
        <g key={`legend-${s}`}>
          <rect x={labelWidth + s * 160} y={4} width={14} height={14} fill={COLOURS[s]} />
          <text x={labelWidth + 20 + s * 160} y={16} fill={TEXT} font-size="14">
            {name}
          </text>
        </g>
      ))}
      {rows.map((row, r) => {
        const y = top + r * rowHeight;
        return (
          <g key={`row-${r}`}>
            <text x={0} y={y + 22} fill={TEXT} font-size="14">
              {row.label}
            </text>
            {row.values.map((value, s) => {
              const n = typeof value === 'number' ? value : 0;
              const w = (n / max) * barArea;
              return (
                <g key={`bar-${s}`}>
                  <rect x={labelWidth} y={y + s * 17} width={w} height={15} fill={COLOURS[s]} />
                  <text x={labelWidth + w + 6} y={y + s * 17 + 12} fill={TEXT} font-size="12">
                    {String(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </Svg>
  );
}

/**
 * Vouchers per month as bars, the running total as a line, and — when there is a forecast — a
 * dotted line from today's total to the next milestone at its forecast date, with the
 * milestone's level marked across the chart.
 */
export function MonthsChart({
  id,
  title,
  desc,
  months,
  forecast,
  monthLabel,
}: {
  id: string;
  title: string;
  desc: string;
  months: { month: string; vouchers: number; cumulative: number }[];
  forecast: { month: string; threshold: number; label: string } | null;
  monthLabel: (month: string) => string;
}) {
  const width = 640;
  const height = 260;
  const left = 48;
  const bottom = 40;
  const top = 24;
  const plotH = height - top - bottom;
  const plotW = width - left - 12;
  const slots = [...months.map((m) => m.month)];
  if (forecast && !slots.includes(forecast.month)) {
    // Empty months between the last grant and the forecast keep the time axis honest.
    let at = slots.length ? slots[slots.length - 1] : forecast.month;
    // At most a century of slots: the forecast is never further out (FORECAST_HORIZON_DAYS).
    for (let i = 0; at < forecast.month && i < 1200; i++) {
      const [y, m] = at.split('-').map(Number);
      at = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      slots.push(at);
    }
    if (!slots.includes(forecast.month)) slots.push(forecast.month);
  }
  const n = Math.max(slots.length, 1);
  const slotW = plotW / n;
  const lastTotal = months.length ? months[months.length - 1].cumulative : 0;
  const max = Math.max(1, lastTotal, forecast?.threshold ?? 0);
  const yOf = (v: number) => top + plotH - (v / max) * plotH;
  const xOf = (month: string) => left + slots.indexOf(month) * slotW + slotW / 2;
  const every = Math.ceil(n / 8);
  const line = months.map((m) => `${xOf(m.month)},${yOf(m.cumulative)}`).join(' ');
  return (
    <Svg id={id} title={title} desc={desc} width={width} height={height}>
      <line x1={left} y1={top + plotH} x2={width - 12} y2={top + plotH} stroke={TEXT} />
      <line x1={left} y1={top} x2={left} y2={top + plotH} stroke={TEXT} />
      <text x={left - 6} y={top + 4} fill={TEXT} font-size="12" text-anchor="end">
        {max}
      </text>
      <text x={left - 6} y={top + plotH} fill={TEXT} font-size="12" text-anchor="end">
        0
      </text>
      {months.map((m) => {
        const h = (m.vouchers / max) * plotH;
        return (
          <rect
            key={m.month}
            x={xOf(m.month) - slotW * 0.35}
            y={top + plotH - h}
            width={slotW * 0.7}
            height={h}
            fill={COLOURS[0]}
          />
        );
      })}
      {months.length > 1 && <polyline points={line} fill="none" stroke={COLOURS[1]} stroke-width={2} />}
      {forecast && (
        <g>
          <line
            x1={left}
            y1={yOf(forecast.threshold)}
            x2={width - 12}
            y2={yOf(forecast.threshold)}
            stroke="#505050"
            stroke-dasharray="2 4"
          />
          <line
            x1={months.length ? xOf(months[months.length - 1].month) : left}
            y1={yOf(lastTotal)}
            x2={xOf(forecast.month)}
            y2={yOf(forecast.threshold)}
            stroke={COLOURS[1]}
            stroke-width={2}
            stroke-dasharray="6 4"
          />
          <circle cx={xOf(forecast.month)} cy={yOf(forecast.threshold)} r={5} fill={COLOURS[1]} />
          <text x={left + 4} y={yOf(forecast.threshold) - 6} fill={TEXT} font-size="12">
            {forecast.label}
          </text>
        </g>
      )}
      {slots.map((month, i) =>
        i % every === 0 ? (
          <text key={month} x={xOf(month)} y={height - bottom + 18} fill={TEXT} font-size="12" text-anchor="middle">
            {monthLabel(month)}
          </text>
        ) : null,
      )}
    </Svg>
  );
}
