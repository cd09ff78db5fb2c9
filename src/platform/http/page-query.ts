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
const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * Keyset cursors over (timestamp, id), newest first. The timestamp travels as PostgreSQL's
 * own text so no microseconds are lost on the way through a JS Date.
 */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      POSTGRES_TIMESTAMP.test(value[0]) &&
      typeof value[1] === 'string' &&
      isUuid(value[1])
    ) {
      return value as [string, string];
    }
  } catch {
    // fall through to the one error below
  }
  throw invalidRequest([{ name: 'cursor', reason: 'cursor is not one this api gave out' }]);
}
