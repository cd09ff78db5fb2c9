import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { REASON_MAX_LENGTH, TransitionDto } from '../../../features/applications/application.dto';

/**
 * The fields of a transition's input that the API would refuse, judged by the API's own
 * TransitionDto (so pages and API take the same lengths and amounts); a reason with NUL, which
 * no text column takes, is refused too.
 */
export function refusedFields(input: { reason?: string; amountCents?: number }): Set<string> {
  const fields = new Set(
    validateSync(plainToInstance(TransitionDto, { action: 'object', ...input })).map((e) => e.property),
  );
  if (input.reason?.includes('\u0000')) fields.add('reason');
  return fields;
}

/** Whether a page's reason (or answer) is one the API takes. */
export function reasonReadable(reason: unknown): reason is string {
  return typeof reason === 'string' && !refusedFields({ reason }).has('reason');
}

/** A reason as a form shows it again: without NUL, cut where the API stops taking it. */
export function reasonShown(reason: unknown): string {
  return typeof reason === 'string' ? reason.split('\u0000').join('').slice(0, REASON_MAX_LENGTH) : '';
}
