import type { FastifyReply } from 'fastify';

/** The quality and specificity the Accept header gives `type` (RFC 9110 §12.5.1). */
function qualityOf(ranges: { range: string; q: number }[], type: string): [number, number] {
  const [major] = type.split('/');
  let best: [number, number] = [0, -1]; // [q, specificity]
  for (const { range, q } of ranges) {
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > best[1]) best = [q, specificity];
  }
  return best;
}

/**
 * The media type of `offered` the client prefers by its Accept header: the highest q-value,
 * then the more specific range. The first offer is the default: without a header, on a tie,
 * or when nothing offered is acceptable.
 */
export function preferredType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (!accept) return offered[0];
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { range: range.trim(), q: Number.isFinite(quality) ? quality : 0 };
  });
  let best = offered[0];
  let [bestQ, bestS] = qualityOf(ranges, best);
  for (const type of offered.slice(1)) {
    const [q, s] = qualityOf(ranges, type);
    if (q > 0 && (q > bestQ || (q === bestQ && s > bestS))) [best, bestQ, bestS] = [type, q, s];
  }
  return best;
}

/** The headers of a CSV download named `filename`, not cached (its figures change and may be personal). */
export function csvDownloadHeaders(filename: string): Record<string, string> {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'private, no-store',
  };
}

/** A resource that may be answered as JSON or as a CSV download. */
export interface JsonOrCsv<T> {
  json: T;
  csv: () => { filename: string; body: string };
}

/**
 * Answers `resource` in the representation the client asked for, with `Vary: Accept` and no
 * caching (reports and lists hold figures that change by the minute and may be personal).
 */
export function negotiated<T>(reply: FastifyReply, accept: string | undefined, resource: JsonOrCsv<T>): T | string {
  reply.header('vary', 'Accept').header('cache-control', 'private, no-store');
  if (preferredType(accept, ['application/json', 'text/csv']) === 'application/json') return resource.json;
  const { filename, body } = resource.csv();
  reply.headers(csvDownloadHeaders(filename));
  return body;
}
