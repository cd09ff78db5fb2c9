import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidRequest } from './validation.pipe';
import { isUuid } from '../kernel/uuid';

/** `?limit=` (1–200, default 50) and `?cursor=` of every list (docs/api.md, Conventions). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/** The form of `timestamptz::text` that cursors carry, e.g. 2026-11-21 05:38:46.529113+00. */
const POSTGRES_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?$/;

/**
 * Whether `text` is a moment PostgreSQL takes as timestamptz: the shape above, a real calendar
 * date and time (no month 13, no hour 99), a year 0001–9999 and an offset within ±15 hours.
 * A tampered cursor is then a 400, never a failing query.
 */
function isPostgresTimestamp(text: string): boolean {
  const m = POSTGRES_TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetMinutes = Number(m[9]) * 60 + Number(m[10] ?? 0);
  if (year < 1 || offsetMinutes > 15 * 60 || Number(m[10] ?? 0) > 59) return false;
  // Date.UTC rolls over (month 13 becomes January); a real date comes back as given.
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  utc.setUTCFullYear(year);
  return (
    !Number.isNaN(utc.getTime()) &&
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second
  );
}

/**
 * Keyset cursors: the keys of the last row of a page, e.g. (timestamp, id), newest first. A
 * timestamp travels as PostgreSQL's own text so no microseconds are lost on the way through a
 * JS Date.
 */
export function encodeCursor(...keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  const value = parseCursor(cursor);
  if (Array.isArray(value) && value.length === 2 && isTimestampText(value[0]) && isUuid(value[1])) {
    return value as [string, string];
  }
  throw badCursor();
}

/**
 * A cursor over (rank, timestamp, id): the officer queue's rank order (officer-queue.ts). The
 * rank is an integer column, so one outside its range is refused like any tampering.
 */
export function decodeRankCursor(cursor: string): [number, string, string] {
  const value = parseCursor(cursor);
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    Number.isInteger(value[0]) &&
    (value[0] as number) >= -2147483648 &&
    (value[0] as number) <= 2147483647 &&
    isTimestampText(value[1]) &&
    isUuid(value[2])
  ) {
    return value as [number, string, string];
  }
  throw badCursor();
}

function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isTimestampText = (value: unknown) => typeof value === 'string' && isPostgresTimestamp(value);

function badCursor() {
  return invalidRequest([{ name: 'cursor', reason: 'cursor is not one this api gave out' }]);
}
