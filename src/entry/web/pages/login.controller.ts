import { Controller, Get, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '../../../platform/config/app-config';
import { DEMO_PEOPLE, demoActor } from '../../../platform/auth/demo-people';
import { Public } from '../../../platform/auth/public.decorator';
import { SessionStore } from '../../../platform/auth/session-store.service';
import { PageErrorFilter } from '../http/page-error.filter';
import { PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import { COOKIES, PageReply, PageRequest } from '../http/page-state';
import { localPath, seeOther, sendPage } from '../http/render';
import { LoginPage } from '../views/login-page';

/** Where each role lands after logging in, unless it came from a page. */
const HOME: Record<string, string> = { applicant: '/applications' };

/**
 * Login and logout. AUTH_MODE=local offers the demo people as buttons (never in production);
 * AUTH_MODE=oidc sends people to the issuer (auth-code flow with PKCE, oidc.controller.ts).
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
    seeOther(reply, next || (HOME[person.role] ?? '/?staff=1'));
  }

  @Post('logout')
  @HttpCode(303)
  async logout(@Req() request: PageRequest, @Res() reply: PageReply) {
    await this.sessions.destroy(request.page?.sessionToken);
    void reply.clearCookie(COOKIES.session, { path: '/' });
    seeOther(reply, '/login?logged-out=1');
  }
}
