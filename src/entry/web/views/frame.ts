import type { Speech } from '../i18n/i18n';

/** What every page shows around its content: who is logged in, the form token, the asset addresses. */
export interface Frame {
  speech: Speech;
  /** The path of this page, for the language switch. */
  path: string;
  user: { name: string; role: string } | null;
  /** The CSRF token every POST form carries. */
  csrf: string;
  assets: { css: string; js: string };
}
