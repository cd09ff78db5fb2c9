import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig, publicUrl } from '../../../platform/config/app-config';
import { Role } from '../../../platform/kernel/actor';
import { SessionStore } from '../../../platform/auth/session-store.service';
import { isLang, Lang, speech } from '../i18n/i18n';
import { multipartToken } from './page-form';
import { COOKIES, PageReply, PageRequest } from './page-state';

const ROLES_KEY = 'vakvoucher:page-roles';

/** The page needs a session of one of these roles; without one the visitor is sent to /login first. */
export const NeedsLogin = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Why a page is not shown: the error filter turns each into a page (or a redirect to log in). */
export class PageRefusal extends Error {
  constructor(
    readonly kind: 'login' | 'forbidden' | 'csrf' | 'not-found',
    readonly next?: string,
  ) {
    super(kind);
  }
}

const YEAR = 365 * 24 * 3600;

function sameToken(a: string, b: unknown): boolean {
  if (typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Runs before every page: the language (?lang=, then the cookie, then Dutch), the browser
 * session (never a bearer token), the CSRF token — checked on every POST, on a form with files
 * before any file is read — and the roles a page needs.
 */
@Injectable()
export class PageGuard implements CanActivate {
  private readonly secure: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    config: AppConfig,
  ) {
    this.secure = publicUrl(config).startsWith('https:');
  }

  cookieOptions(maxAge?: number) {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: this.secure, maxAge };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const reply = context.switchToHttp().getResponse<PageReply>();
    const query = request.query as Record<string, unknown>;
    const cookies = request.cookies ?? {};

    let lang: Lang = isLang(cookies[COOKIES.lang]) ? (cookies[COOKIES.lang] as Lang) : 'nl';
    if (isLang(query.lang)) {
      lang = query.lang;
      void reply.setCookie(COOKIES.lang, lang, this.cookieOptions(YEAR));
    }

    const sessionToken = cookies[COOKIES.session];
    const session = await this.sessions.find(sessionToken);
    let csrf = session?.csrfToken;
    if (!csrf) {
      csrf = cookies[COOKIES.csrf];
      if (!csrf || !/^[A-Za-z0-9_-]{43}$/.test(csrf)) {
        csrf = randomBytes(32).toString('base64url');
        void reply.setCookie(COOKIES.csrf, csrf, this.cookieOptions());
      }
    }
    request.page = { speech: speech(lang), session, sessionToken, csrf, path: request.url.split('?')[0] };

    if (request.method === 'POST') {
      // A form with files (multipart, on the upload pages only) carries its token as its first part.
      const body = request.body as Record<string, unknown> | undefined;
      const token = request.isMultipart()
        ? await multipartToken(request)
        : body && typeof body === 'object'
          ? body._csrf
          : undefined;
      if (!sameToken(csrf, token)) throw new PageRefusal('csrf');
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles) {
      if (!session) throw new PageRefusal('login', request.method === 'GET' ? request.url : undefined);
      if (!roles.includes(session.actor.role)) throw new PageRefusal('forbidden');
    }
    return true;
  }
}
