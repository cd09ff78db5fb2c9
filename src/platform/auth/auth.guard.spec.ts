import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Get,
  Global,
  INestApplication,
  Logger,
  Module,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { AppConfig, loadConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { AuthModule } from './auth.module';
import { CurrentActor } from './current-actor.decorator';
import { Public } from './public.decorator';
import { StaffSeen } from './staff-seen';
import { signLocalToken } from './token-signer';
import { TokenVerifier } from './token-verifier';

const SECRET = 'test-secret-of-at-least-16-chars';
const config = loadConfig({ AUTH_MODE: 'local', AUTH_JWT_SECRET: SECRET });

@Controller()
class DummyController {
  @Public()
  @Get('public')
  open(@CurrentActor() actor: Actor | undefined) {
    return { actor: actor ?? null };
  }

  @Get('protected')
  closed(@CurrentActor() actor: Actor) {
    return { actor };
  }
}

@Public()
@Controller('open-controller')
class PublicController {
  @Get()
  open() {
    return { ok: true };
  }
}

@Global()
@Module({ providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] })
class TestConfigModule {}

/** Stands in for the real exception filter, which is not part of this module. */
@Catch(DomainError)
class TestDomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost) {
    const status = error.code === 'unauthenticated' ? 401 : 500;
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send({ code: error.code });
  }
}

describe('AuthGuard', () => {
  let app: INestApplication;
  let fastify: FastifyInstance;
  let officerToken: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TestConfigModule, AuthModule],
      controllers: [DummyController, PublicController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new TestDomainErrorFilter());
    await app.init();
    fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    officerToken = await signLocalToken(SECRET, {
      sub: 'o-1',
      role: 'officer',
      programmes: ['ov-2027'],
    });
  });

  afterAll(async () => {
    await app.close();
  });

  function get(url: string, authorization?: string) {
    return fastify.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
  }

  const officer = {
    id: 'o-1',
    role: 'officer',
    programmes: ['ov-2027'],
    province: null,
    name: null,
    email: null,
  };

  it('lets a request without token through to a public route, without actor', async () => {
    const res = await get('/public');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ actor: null });
  });

  it('sets the actor on a public route when a valid token is sent', async () => {
    const res = await get('/public', `Bearer ${officerToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ actor: officer });
  });

  it('ignores an invalid token on a public route', async () => {
    const res = await get('/public', 'Bearer not-a-jwt');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ actor: null });
  });

  it('lets everything through on a controller marked public', async () => {
    const res = await get('/open-controller');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('refuses a protected route without token', async () => {
    const res = await get('/protected');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated' });
  });

  it('refuses a protected route with a token signed by another secret', async () => {
    const forged = await signLocalToken('another-secret-of-16-chars', { sub: 'o-1', role: 'admin' });
    const res = await get('/protected', `Bearer ${forged}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated' });
  });

  it('refuses a protected route with a non-Bearer authorization header', async () => {
    const res = await get('/protected', `Basic ${officerToken}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated' });
  });

  it('serves a protected route with a valid token and hands the actor to the handler', async () => {
    const res = await get('/protected', `bearer ${officerToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ actor: officer });
  });
});

describe('AuthGuard.canActivate', () => {
  const guard = new AuthGuard(new Reflector(), new TokenVerifier(config));

  function contextFor(headers: Record<string, string>, request: Record<string, unknown> = {}) {
    Object.assign(request, { headers });
    return {
      getHandler: () => function handler() {},
      getClass: () => class SomeController {},
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
  }

  it('throws DomainError unauthenticated when no token is sent', async () => {
    const error = await guard.canActivate(contextFor({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('unauthenticated');
  });

  it('sets request.actor for a valid token', async () => {
    const token = await signLocalToken(SECRET, { sub: 'adm-1', role: 'admin' });
    const request: Record<string, unknown> = {};
    await expect(guard.canActivate(contextFor({ authorization: `Bearer ${token}` }, request))).resolves.toBe(true);
    expect(request.actor).toMatchObject({ id: 'adm-1', role: 'admin' });
  });

  describe('with STAFF_SEEN', () => {
    afterEach(() => jest.restoreAllMocks());

    it('tells it about every verified caller of a protected route', async () => {
      const seen: Actor[] = [];
      const staff: StaffSeen = { remember: async (actor) => void seen.push(actor) };
      const withStaff = new AuthGuard(new Reflector(), new TokenVerifier(config), staff);
      const token = await signLocalToken(SECRET, { sub: 'o-9', role: 'officer', programmes: ['*'] });
      await withStaff.canActivate(contextFor({ authorization: `Bearer ${token}` }));
      expect(seen).toEqual([expect.objectContaining({ id: 'o-9', role: 'officer' })]);
    });

    it('lets the request through when remembering fails, and logs that once, not per request', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const failing: StaffSeen = { remember: () => Promise.reject(new Error('value too long for type character(2)')) };
      const withStaff = new AuthGuard(new Reflector(), new TokenVerifier(config), failing);
      const token = await signLocalToken(SECRET, { sub: 'p-9', role: 'provincial', province: 'GE' });
      for (let i = 0; i < 5; i++) {
        const request: Record<string, unknown> = {};
        await expect(withStaff.canActivate(contextFor({ authorization: `Bearer ${token}` }, request))).resolves.toBe(
          true,
        );
        expect(request.actor).toMatchObject({ id: 'p-9', province: 'GE' });
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('could not remember provincial p-9');
    });
  });
});
