import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { IS_PUBLIC_KEY } from './public.decorator';
import { STAFF_SEEN, StaffSeen } from './staff-seen';
import { TokenVerifier } from './token-verifier';

const REMEMBER_LOG_INTERVAL_MS = 60_000;

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/**
 * Global guard: every route needs `Authorization: Bearer <jwt>` unless marked @Public().
 * On public routes a valid token still sets request.actor; an invalid one is ignored.
 * Callers of protected routes are passed on to STAFF_SEEN when a feature provides it; that
 * failing never fails the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  /** When a failure to remember a caller was last logged, and how many went unlogged since. */
  private lastLogged = 0;
  private unlogged = 0;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() @Inject(STAFF_SEEN) private readonly staff?: StaffSeen,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const token = bearerToken(request.headers.authorization);

    if (isPublic) {
      if (token) request.actor = await this.verifier.verify(token).catch(() => undefined);
      return true;
    }
    if (!token) throw new DomainError('unauthenticated', 'missing bearer token');
    request.actor = await this.verifier.verify(token);
    await this.remember(request.actor);
    return true;
  }

  /** Tells STAFF_SEEN; a failure is logged at most once a minute and never fails the request. */
  private async remember(actor: Actor): Promise<void> {
    try {
      await this.staff?.remember(actor);
    } catch (error) {
      if (Date.now() - this.lastLogged < REMEMBER_LOG_INTERVAL_MS) {
        this.unlogged += 1;
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      const since = this.unlogged > 0 ? ` (and ${this.unlogged} more since the last such line)` : '';
      this.logger.warn(`could not remember ${actor.role} ${actor.id}: ${reason}${since}; the request goes on`);
      this.lastLogged = Date.now();
      this.unlogged = 0;
    }
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
