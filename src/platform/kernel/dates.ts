import { memo } from './memo';

const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });
const HOUR_MS = 3_600_000;

/** From 1977 on the Netherlands' offsets (CET, CEST) are whole hours (before 1940 they were not). */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1977, 0, 1);

/**
 * The Dutch date of a UTC hour: the same for every moment of that hour, because the
 * Netherlands' days begin on a whole UTC hour. Remembered: it runs several times per job.
 */
const dutchDateOfHour = memo((hour: number) => amsterdamDate.format(new Date(hour * HOUR_MS)));

/** The calendar date in the Netherlands at `at`, as 2027-03-01. */
export function dutchDate(at: Date): string {
  const ms = at.getTime();
  return ms >= WHOLE_HOUR_OFFSETS_FROM ? dutchDateOfHour(Math.floor(ms / HOUR_MS)) : amsterdamDate.format(at);
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const amsterdamOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

/** The moment the day `date` (YYYY-MM-DD) begins in the Netherlands (midnight, CET or CEST). */
export function startOfDutchDay(date: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  // The offset at UTC midnight equals the offset at Dutch midnight: clocks change at 01:00 UTC.
  const name = amsterdamOffset.formatToParts(utcMidnight).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return new Date(utcMidnight.getTime() - minutes * 60_000);
}
