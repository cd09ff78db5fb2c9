/**
 * A statement one feature hands another to run as part of one of its own (a data-modifying
 * CTE), so both take one round trip: `sql(first)` numbers its parameters from `$first`.
 */
export interface SqlPart {
  sql(firstParam: number): string;
  params: unknown[];
}
