/**
 * A statement one feature hands another to run as part of one of its own (a data-modifying
 * CTE), so both take one round trip: `sql(first)` numbers its parameters from `$first`.
 *
 * With `after`, the name of a relation of the enclosing statement that holds one row or none
 * (none: the enclosing statement's own write did not happen), the part writes nothing unless
 * that row is there (see `onlyAfter`).
 */
export interface SqlPart {
  sql(firstParam: number, after?: string): string;
  params: unknown[];
}

/** The condition that gates a part's rows on `after` (empty without it): ` WHERE EXISTS (…)`. */
export function onlyAfter(after: string | undefined): string {
  return after === undefined ? '' : ` WHERE EXISTS (SELECT FROM ${after})`;
}

/**
 * One statement: `first` as the CTE `step`, then each part as a CTE gated on `step` (so
 * nothing is written when `step` writes no row), answering `step`'s rows.
 */
export function withParts(first: SqlPart, parts: readonly SqlPart[]): { sql: string; params: unknown[] } {
  const params = [...first.params];
  const ctes = [`step AS (${first.sql(1)})`];
  parts.forEach((part, i) => {
    ctes.push(`part${i} AS (${part.sql(params.length + 1, 'step')})`);
    params.push(...part.params);
  });
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT * FROM step`, params };
}
