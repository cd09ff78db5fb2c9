import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { IS_PUBLIC_KEY } from './public.decorator';
import { StaffDirectory } from '../../features/staff/staff-directory.service';
import { TokenVerifier } from './token-verifier';

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/**
 * Global guard: every route needs `Authorization: Bearer <jwt>` unless marked @Public().
 * On public routes a valid token still sets request.actor; an invalid one is ignored.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() private readonly staff?: StaffDirectory,
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
    await this.staff?.remember(request.actor);
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
