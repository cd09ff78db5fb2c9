import { DomainError } from '../../../platform/kernel/domain-error';
import type { Speech } from '../i18n/i18n';

/**
 * A refusal of the lifecycle or the write path (programme closed, amount out of range, someone
 * else was first, four eyes, budget) in words for the page; null for errors that are not refusals.
 * `own` are a page's own words for some codes, before the common ones.
 */
export function refusalText(error: unknown, s: Speech, own: object = {}): string | null {
  if (!(error instanceof DomainError) || error.code === 'not-found' || error.code === 'invalid-request') return null;
  const texts = { ...(s.t.errors as Record<string, string>), ...(own as Record<string, string>) };
  return texts[error.code] ?? texts.unknown;
}
