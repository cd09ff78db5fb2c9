import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSession } from '../../../platform/auth/session-store.service';
import type { Speech } from '../i18n/i18n';

/** What the page guard found out about a request: language, session, the form token. */
export interface PageState {
  speech: Speech;
  session: WebSession | null;
  /** The session cookie's token, to end the session at logout. */
  sessionToken: string | undefined;
  csrf: string;
  /** The path without the query string. */
  path: string;
}

export type PageRequest = FastifyRequest & { page?: PageState };
export type PageReply = FastifyReply;

export const COOKIES = {
  session: 'vv_session',
  lang: 'vv_lang',
  /** The form token of visitors without a session (double-submit: cookie and field must agree). */
  csrf: 'vv_csrf',
} as const;
