import { Controller, Get, HttpCode, Logger, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig, publicUrl } from '../../../platform/config/app-config';
import { OidcLogin } from '../../../platform/auth/oidc-login.service';
import { DEMO_PEOPLE, demoActor } from '../../../platform/auth/demo-people';
import { Public } from '../../../platform/auth/public.decorator';
import { SessionStore } from '../../../platform/auth/session-store.service';
import type { Role } from '../../../platform/kernel/actor';
import { PageErrorFilter } from '../http/page-error.filter';
import { PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import { COOKIES, PageReply, PageRequest } from '../http/page-state';
import { localPath, seeOther, sendPage } from '../http/render';
import { LoginPage } from '../views/login-page';

/** Where each role lands after logging in, unless it came from a page. */
const HOME: Partial<Record<Role, string>> = {
  applicant: '/applications',
  officer: '/officer',
  provincial: '/province',
  admin: '/admin/programmes',
};

const OIDC_STATE_COOKIE = 'vv_oidc_state';
const logger = new Logger('Login');

/**
 * Login and logout. AUTH_MODE=local offers the demo people as buttons (never in production);
 * AUTH_MODE=oidc sends people to the issuer: the authorization-code flow with PKCE (OidcLogin).
 */
@ApiExcludeController()
@Public()
@Controller()
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
export class LoginController {
  constructor(
    private readonly kit: PageKit,
    private readonly sessions: SessionStore,
    private readonly guard: PageGuard,
    private readonly config: AppConfig,
    private readonly oidc: OidcLogin,
  ) {}

  private get demoLogin(): boolean {
    return this.config.AUTH_MODE === 'local' && this.config.NODE_ENV !== 'production';
  }

  @Get('login')
  login(@Req() request: PageRequest, @Res() reply: PageReply) {
    const query = request.query as Record<string, unknown>;
    const notice = query.expired ? 'expired' : query['logged-out'] ? 'logged-out' : query.failed ? 'failed' : null;
    sendPage(
      reply,
      200,
      LoginPage({
        frame: this.kit.frame(request),
        mode: this.config.AUTH_MODE,
        people: this.demoLogin ? DEMO_PEOPLE : [],
        next: localPath(query.next, ''),
        notice,
        issuer: this.config.AUTH_ISSUER,
      }),
    );
  }

  @Post('login')
  @HttpCode(303)
  async loginAs(@Req() request: PageRequest, @Res() reply: PageReply) {
    const body = request.body as Record<string, unknown>;
    const person = this.demoLogin ? DEMO_PEOPLE.find((p) => p.id === body.person) : undefined;
    if (!person) return seeOther(reply, '/login?failed=1');
    await this.sessions.destroy(request.page?.sessionToken);
    const { token } = await this.sessions.create(demoActor(person));
    void reply.setCookie(COOKIES.session, token, this.guard.cookieOptions());
    const next = localPath(body.next, '');
    seeOther(reply, next || (HOME[person.role] ?? '/'));
  }

  /** AUTH_MODE=oidc: off to the issuer, remembering the login's state in this browser. */
  @Post('auth/start')
  async startOidc(@Req() request: PageRequest, @Res() reply: PageReply) {
    if (!this.oidc.enabled) return seeOther(reply, '/login?failed=1');
    const next = localPath((request.body as Record<string, unknown>).next, '');
    try {
      const { url, state } = await this.oidc.start(next);
      void reply.setCookie(OIDC_STATE_COOKIE, state, { ...this.guard.cookieOptions(600), path: '/auth' });
      seeOther(reply, url);
    } catch (error) {
      logger.warn(`OIDC login could not start: ${(error as Error).message}`);
      seeOther(reply, '/login?failed=1');
    }
  }

  /** The issuer sends the browser back here with a code; a session starts only if every check passes. */
  @Get('auth/callback')
  async callback(@Req() request: PageRequest, @Res() reply: PageReply) {
    void reply.clearCookie(OIDC_STATE_COOKIE, { path: '/auth' });
    if (!this.oidc.enabled) return seeOther(reply, '/login?failed=1');
    try {
      const { actor, idToken, next } = await this.oidc.finish(
        request.query as Record<string, unknown>,
        request.cookies?.[OIDC_STATE_COOKIE],
      );
      await this.sessions.destroy(request.page?.sessionToken);
      const { token } = await this.sessions.create(actor, idToken);
      void reply.setCookie(COOKIES.session, token, this.guard.cookieOptions());
      seeOther(reply, next || (HOME[actor.role] ?? '/'));
    } catch (error) {
      logger.warn((error as Error).message);
      seeOther(reply, '/login?failed=1');
    }
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Req() request: PageRequest, @Res() reply: PageReply) {
    await this.sessions.destroy(request.page?.sessionToken);
    void reply.clearCookie(COOKIES.session, { path: '/' });
    const back = `${publicUrl(this.config)}/login?logged-out=1`;
    const atIssuer = await this.oidc.logoutUrl(request.page?.session?.idToken ?? null, back);
    seeOther(reply, atIssuer ?? '/login?logged-out=1');
  }
}
