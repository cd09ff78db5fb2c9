/**
 * A programme's own standard texts for the reason of a decision, per action: at most
 * MAX_REASON_TEXTS each, offered to the officer (who edits the one they pick) instead of the
 * pages' default texts. Only the officer actions whose lifecycle row requires a reason
 * (`reasonRequired` in src/features/applications/voucher-lifecycle.ts; its spec checks this
 * list against the table).
 */
export const REASON_TEXT_ACTIONS = ['request-information', 'reject', 'not-consider', 'dismiss', 'uphold'] as const;
export type ReasonTextAction = (typeof REASON_TEXT_ACTIONS)[number];
export type ReasonTexts = Partial<Record<ReasonTextAction, string[]>>;

export const MAX_REASON_TEXTS = 5;
export const MAX_REASON_TEXT_LENGTH = 500;

/** As stored: only the known actions that have texts (an action left out or empty gets the default texts). */
export function reasonTextsOf(input: ReasonTexts | null | undefined): ReasonTexts {
  const texts: ReasonTexts = {};
  for (const action of REASON_TEXT_ACTIONS) {
    const list = input?.[action];
    if (Array.isArray(list) && list.length > 0) texts[action] = [...list];
  }
  return texts;
}
